import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify, type ToStringOptions } from 'yaml';
import { formatError, ReadinessError } from '../../src/errors.js';
import { modelledSource, parseYamlSource, plainSource, positionAt, type YamlSource } from '../../src/source/yaml-source.js';
import { ROOT } from '../helpers.js';

// A YAML file is read by js-yaml's event parser when it is plain, by `yaml` otherwise
// (docs/adr/0007-yaml-fast-path.md). Whichever reads it, a user must get the same values, the same
// positions and the same errors as from `yaml` alone.

/** Everything a reading gives: every node's place, the plain value, or the one-line error. */
function reading(read: () => YamlSource): unknown {
  try {
    const source = read();
    return { nodes: [...source.nodes], value: source.plain(), lines: source.lineStarts };
  } catch (error) {
    return { error: error instanceof ReadinessError ? formatError(error) : String(error) };
  }
}
const asRead = (text: string) => reading(() => parseYamlSource(text, 'f.yaml', 'input'));
const asModelled = (text: string) => reading(() => modelledSource(text, 'f.yaml', 'input'));

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return yamlFilesUnder(path);
    return /\.ya?ml$/.test(e.name) && statSync(path).size < 200_000 ? [path] : [];
  });
}

describe('reading YAML', () => {
  it('reads every YAML file of the repository as yaml does, and the example manifests on the fast path', () => {
    const files = ['examples', 'rules', 'test/fixtures'].flatMap((d) => yamlFilesUnder(join(ROOT, d)));
    expect(files.length).toBeGreaterThan(40);
    // where a stack overflow ends depends on how deep the stack already was: no position to compare
    const unplaced = (r: unknown) => JSON.parse(JSON.stringify(r).replace(/f\.yaml:\d+:\d+: invalid YAML: nested too deeply/, 'invalid YAML: nested too deeply'));
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(unplaced(asRead(text)), file).toEqual(unplaced(asModelled(text)));
    }
    for (const example of readdirSync(join(ROOT, 'examples')).filter((n) => n.endsWith('.yaml'))) {
      expect(plainSource(readFileSync(join(ROOT, 'examples', example), 'utf8'), example), example).toBeDefined();
    }
  });

  it('leaves to yaml what js-yaml would read differently or not at all, with yaml\'s error', () => {
    const cases = {
      alias: 'a: &x 1\nb: *x\n',
      tag: 'a: !!str 1\n',
      foreignTag: 'a: !!js/function "function () {}"\n',
      emptyValue: 'a:\nb: 1\n',
      nullKey: '~: 1\n',
      boolKey: 'true: 1\n',
      numberKey: '1.0: 1\n',
      duplicate: 'a: 1\na: 2\n',
      twoDocuments: 'a: 1\n---\nb: 2\n',
      empty: '',
      tab: 'a:\n\tb: 1\n',
      yaml11: '%YAML 1.1\n---\na: yes\nb: 0777\n', // yaml then types these as YAML 1.1 does
      longKey: `${'k'.repeat(1100)}: 1\n`, // yaml refuses an implicit key this long
    };
    for (const [name, text] of Object.entries(cases)) {
      expect(plainSource(text, 'f.yaml'), name).toBeUndefined();
      expect(asRead(text), name).toEqual(asModelled(text));
    }
    expect(asRead(cases.duplicate)).toEqual({ error: 'readiness: f.yaml:2:1: invalid YAML: Map keys must be unique' });
    expect((asRead(cases.yaml11) as { value: unknown }).value).toEqual({ a: true, b: 511 });
  });

  it('agrees with yaml on the corners of the syntax', () => {
    const corners = ['"a\n b": 1\n', "'a\n b': 1\n", 'a: 1\t\n', 'a:\t1\n', '{a: 1, b}\n', '[a, b: c]\n', 'a: [b, c\n', 'a: -\n',
      '- - a\n  - b\n', 'a: !\n', 'a: b: c\n', 'a: "\\x41"\n', 'a: "\\uD83D\\uDE00"\n', 'a: |+\n  x\n\n', 'a: >2\n   x\n', 'a: 0b101\n',
      'a: 1.\n', 'a: .\n', 'a: -.5e-3\n', 'a: +.inf\n', 'a: 1e999\n', 'key with  spaces: 1\n', 'a: 1 # c\n# end', 'a: b\n...\n', '---\na: 1\n',
      'a: 1\n---\n', 'a:\n  - b\n  -\n', 'a: b\n  c\n', '? a\n: 1\n'];
    for (const text of corners) expect(asRead(text), JSON.stringify(text)).toEqual(asModelled(text));
  });

  it('finds a value, its key, or the nearest ancestor, as before', () => {
    const source = parseYamlSource('top:\n  name: "x"\n  list:\n    - one\n    - |\n      two\n', 'f.yaml', 'input');
    expect(source.nodes.size).toBe(6);
    expect(positionAt(source, ['top', 'name'])).toEqual({ file: 'f.yaml', line: 2, column: 9 });
    expect(positionAt(source, ['top', 'name'], true)).toEqual({ file: 'f.yaml', line: 2, column: 3 });
    expect(positionAt(source, ['top', 'list', 1])).toEqual({ file: 'f.yaml', line: 5, column: 7 });
    expect(positionAt(source, ['top', 'list', '1'])).toEqual({ file: 'f.yaml', line: 4, column: 5 }); // a sequence takes numbers only
    expect(positionAt(source, ['top', 'missing', 'deeper'])).toEqual({ file: 'f.yaml', line: 2, column: 3 });
  });

  // Manifest-like documents in every style yaml writes, then bent: comments, CRLF, a character
  // dropped or doubled. Whatever comes out, both readings agree.
  const key = fc.oneof(
    fc.constantFrom('name', 'timeout_ms', 'a.b', 'x-y', 'it\'s', 'with space', 'café', '__proto__', 'constructor', '~', 'true', 'null', '1.0', '#hash', 'colon: in', '', 'k'.repeat(1030)),
    fc.string({ maxLength: 8 }),
  );
  const scalar = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.constantFrom('', ' leading', 'trailing ', 'a: b', 'x # y', 'line\nbreak', '"quoted"', '\'single\'', '- dash', '2026-11-25', '0o17', '0x1F', '1_000', '.inf', 'yes', '~', 'null', '-0', '1e3'),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
  );
  const document = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('map'), tie('list')),
    map: fc.dictionary(key, tie('node'), { maxKeys: 5 }),
    list: fc.array(tie('node'), { maxLength: 4 }),
  })).map;
  const style: fc.Arbitrary<ToStringOptions> = fc.record({
    defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'),
    defaultKeyType: fc.constantFrom(null, 'PLAIN', 'QUOTE_DOUBLE'),
    collectionStyle: fc.constantFrom('any', 'block', 'flow'),
    indent: fc.constantFrom(2, 4),
  }) as fc.Arbitrary<ToStringOptions>;
  const bend = fc.record({ comment: fc.boolean(), crlf: fc.boolean(), cut: fc.option(fc.nat(), { nil: undefined }), double: fc.option(fc.nat(), { nil: undefined }) });

  it('reads any document as yaml does: the same values, positions and errors', () => {
    let fast = 0;
    fc.assert(fc.property(document, style, bend, (value, options, b) => {
      let text = stringify(value, options);
      if (b.comment) text = `# a manifest\n${text.replace(/\n/, ' # a comment\n')}`;
      if (b.crlf) text = text.replace(/\n/g, '\r\n');
      if (b.cut !== undefined && text.length > 0) text = text.slice(0, b.cut % text.length) + text.slice((b.cut % text.length) + 1);
      if (b.double !== undefined && text.length > 0) text = text.slice(0, (b.double % text.length) + 1) + text.slice(b.double % text.length);
      if (plainSource(text, 'f.yaml')) fast++;
      expect(asRead(text)).toEqual(asModelled(text));
    }), { numRuns: 2000 });
    expect(fast).toBeGreaterThan(400); // the fast path is what is being compared, not only the fallback
  });
});
