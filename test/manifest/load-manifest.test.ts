import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatError, loadManifest, parseManifest, ReadinessError } from '../../src/index.js';
import { scoringPack, tempDir, TODAY } from '../helpers.js';

const ruleSet = scoringPack();
const parse = (text: string) => parseManifest(text, 'readiness.yaml', ruleSet, { now: TODAY });

/** The one line the CLI would print for this manifest. */
function errorLine(text: string): string {
  try {
    parse(text);
  } catch (error) {
    if (error instanceof ReadinessError) return formatError(error);
    throw error;
  }
  throw new Error('expected the manifest to be rejected');
}

const head = 'version: 1\nproject:\n  name: shop\n  profile: internal\n';

describe('a valid manifest', () => {
  it('keeps every fact with its file, line and column', () => {
    const manifest = parse(`${head}security:\n  a: true\ndependencies:\n  - name: psp\n    timeout_ms: 2000\n`);
    expect(manifest.project).toEqual({ name: 'shop', profile: 'internal' });
    expect(manifest.facts.values).toEqual({ security: { a: true }, dependencies: [{ name: 'psp', timeout_ms: 2000 }] });
    expect(manifest.facts.provenance['security.a']).toEqual({ origin: 'manifest', file: 'readiness.yaml', line: 6, column: 6 });
    expect(manifest.facts.provenance['dependencies[0].timeout_ms']).toMatchObject({ line: 9, column: 17 });
  });

  it('treats ~ as "we do not know": the fact is left out, not guessed', () => {
    const manifest = parse(`${head}security:\n  a: ~\n  b: true\n`);
    expect(manifest.facts.values).toEqual({ security: { b: true } });
  });

  it('accepts a byte-order mark and CRLF line ends', () => {
    const manifest = parse(`\uFEFF${head}security:\n  a: true\n`.replace(/\n/g, '\r\n'));
    expect(manifest.facts.provenance['security.a']).toMatchObject({ line: 6, column: 6 });
  });

  it('reads waivers with their position', () => {
    const manifest = parse(`${head}waivers:\n  - rule: SEC-002\n    reason: r\n    owner: o\n    expires: 2027-02-01\n`);
    expect(manifest.waivers).toEqual([{ rule: 'SEC-002', reason: 'r', owner: 'o', expires: '2027-02-01', source: { file: 'readiness.yaml', line: 6, column: 5 } }]);
  });
});

describe('an invalid manifest is one line naming file, line and column', () => {
  it.each([
    ['a misspelt section, with a suggestion', `${head}securty:\n  a: true\n`,
      'readiness: readiness.yaml:5:1: unknown key "securty"; did you mean "security"?'],
    ['a misspelt fact, with a suggestion', `${head}security:\n  aa: true\n`,
      'readiness: readiness.yaml:6:3: unknown key "aa" in security; did you mean "a"?'],
    ['a wrong type', `${head}security:\n  a: yes please\n`,
      'readiness: readiness.yaml:6:6: "security.a" must be true or false or empty'],
    ['a wrong type in a list item', `${head}dependencies:\n  - name: psp\n    timeout_ms: soon\n`,
      'readiness: readiness.yaml:7:17: "dependencies.0.timeout_ms" must be a whole number or empty'],
    ['a list item without a name', `${head}dependencies:\n  - timeout_ms: 5\n`,
      'readiness: readiness.yaml:6:5: "dependencies.0" is missing the required key "name"'],
    ['an unknown profile', 'version: 1\nproject:\n  name: shop\n  profile: enterprise\n',
      'readiness: readiness.yaml:4:12: "project.profile" must be one of: prototype, internal, production, critical'],
    ['a missing version', 'project: {name: a, profile: internal}\n',
      'readiness: readiness.yaml:1:1: the document is missing the required key "version"'],
    ['invalid YAML', `${head}security: [a,\n`, 'readiness: readiness.yaml:6:1: invalid YAML: '],
    ['a duplicate key', `${head}security:\n  a: true\n  a: false\n`, 'readiness: readiness.yaml:7:3: invalid YAML: Map keys must be unique'],
    ['a tag of another YAML loader', `${head}security:\n  a: !!js/function "return true"\n`,
      'readiness: readiness.yaml:6:6: invalid YAML: Unresolved tag: tag:yaml.org,2002:js/function'],
    ['an empty file', '', 'readiness: readiness.yaml:1:1: is empty'],
    ['a list at the top', '- a\n- b\n', 'readiness: readiness.yaml:1:1: must be a mapping with version and project at the top'],
    ['a waiver too far ahead', `${head}waivers:\n  - {rule: SEC-002, reason: r, owner: o, expires: 2028-01-01}\n`,
      'readiness: readiness.yaml:6:51: waiver for SEC-002 expires 2028-01-01, more than a year ahead'],
    ['an impossible date', `${head}waivers:\n  - {rule: SEC-002, reason: r, owner: o, expires: 2027-02-30}\n`,
      'readiness: readiness.yaml:6:51: waiver for SEC-002: "2027-02-30" is not a calendar date'],
  ])('%s', (_name, text, expected) => {
    expect(errorLine(text).split('\n')[0]).toContain(expected);
  });

  it('lists the allowed keys when nothing is close', () => {
    expect(errorLine(`${head}security:\n  zzzzzzzz: true\n`)).toBe(
      'readiness: readiness.yaml:6:3: unknown key "zzzzzzzz" in security\n  hint: allowed here: a, b');
  });

  it('does not let __proto__ keys through or pollute Object.prototype', () => {
    expect(errorLine(`${head}__proto__:\n  polluted: true\n`)).toContain('unknown key "__proto__"');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('loadManifest reads the file system carefully', () => {
  const dir = tempDir();
  it('names a missing file and hints at init', () => {
    const error = (() => { try { loadManifest(join(dir, 'nope.yaml'), ruleSet, { now: TODAY }); } catch (e) { return e as ReadinessError; } })()!;
    expect(formatError(error)).toBe(`readiness: ${join(dir, 'nope.yaml')}: cannot read manifest: no such file\n  hint: create one with \`readiness init\` or \`readiness interview\``);
  });

  it('refuses a directory', () => {
    mkdirSync(join(dir, 'sub'));
    expect(() => loadManifest(join(dir, 'sub'), ruleSet, { now: TODAY })).toThrow('is a directory, not a manifest');
  });

  it('refuses invalid UTF-8 with the position of the first bad byte', () => {
    const file = join(dir, 'latin1.yaml');
    writeFileSync(file, Buffer.concat([Buffer.from(`${head}# caf`), Buffer.from([0xe9]), Buffer.from('\n')]));
    const error = (() => { try { loadManifest(file, ruleSet, { now: TODAY }); } catch (e) { return e as ReadinessError; } })()!;
    expect(error.message).toBe('is not valid UTF-8 text');
    expect(error.where).toEqual({ file, line: 5, column: 6 });
  });

  it('refuses a file over 1 MB before parsing it', () => {
    const file = join(dir, 'huge.yaml');
    writeFileSync(file, `${head}# ${'x'.repeat(1_100_000)}\n`);
    expect(() => loadManifest(file, ruleSet, { now: TODAY })).toThrow('a manifest may be at most 1 MB');
  });

  it.skipIf(process.getuid?.() === 0)('names an unreadable file', () => {
    const file = join(dir, 'secret.yaml');
    writeFileSync(file, head);
    chmodSync(file, 0o000);
    expect(() => loadManifest(file, ruleSet, { now: TODAY })).toThrow('permission denied');
  });
});
