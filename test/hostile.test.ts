import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifest, ReadinessError } from '../src/index.js';
import { cli, cliWithoutRoot, FIXTURES, permissionsTestable, scoringPack, tempDir, TODAY } from './helpers.js';

const HOSTILE = join(FIXTURES, 'hostile');
// A tight heap: a parser that expanded an alias bomb or buffered a huge file would crash here,
// not exit 2 with a message.
const BOUNDED = { env: { NODE_OPTIONS: '--max-old-space-size=96' } };

/** Runs the CLI on a hostile input and checks the contract: exit 2, one line, no stack trace. */
function expectRefusal(args: string[], message: RegExp) {
  const run = cli(args, BOUNDED);
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe('');
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines[0]).toMatch(message);
  expect(lines.length).toBeLessThanOrEqual(2); // the message, and a hint where one helps
  if (lines[1]) expect(lines[1]).toMatch(/^ {2}hint: /);
  expect(run.stderr).not.toMatch(/^\s+at /m);
}

const manifest = (name: string) => join(HOSTILE, name);

describe('hostile manifests: exit 2 and one clear line', () => {
  it.each([
    ['alias-bomb.yaml', /alias-bomb\.yaml: cannot read YAML: Excessive alias count/],
    ['deep-nesting.yaml', /deep-nesting\.yaml:1:\d+: invalid YAML: nested too deeply/],
    ['binary-garbage.yaml', /binary-garbage\.yaml:1:\d+: looks like a binary file, not a YAML manifest/],
    ['nul-bytes.yaml', /nul-bytes\.yaml:3:1: looks like a binary file, not a YAML manifest/],
    ['invalid-utf8.yaml', /invalid-utf8\.yaml:3:6: is not valid UTF-8 text/],
    ['bom-crlf.yaml', /bom-crlf\.yaml:3:1: unknown key "contxt"; did you mean "context"\?/],
    ['empty.yaml', /empty\.yaml:1:1: is empty/],
    ['top-level-list.yaml', /top-level-list\.yaml:1:1: must be a mapping with version and project at the top/],
    ['top-level-scalar.yaml', /top-level-scalar\.yaml:1:1: must be a mapping/],
    ['wrong-types.yaml', /wrong-types\.yaml:4:16: "context\.stores_data" must be true or false or empty/],
    ['duplicate-keys.yaml', /duplicate-keys\.yaml:5:3: invalid YAML: Map keys must be unique/],
    ['js-function-tag.yaml', /js-function-tag\.yaml:4:16: invalid YAML: Unresolved tag: tag:yaml\.org,2002:js\/function/],
    ['python-object-tag.yaml', /python-object-tag\.yaml:3:10: invalid YAML: Unresolved tag: tag:yaml\.org,2002:python\/object\/apply:os\.system/],
    ['proto-key.yaml', /proto-key\.yaml:3:1: unknown key "__proto__"/],
    ['constructor-key.yaml', /constructor-key\.yaml:4:3: unknown key "constructor" in context/],
    ['unknown-version.yaml', /unknown-version\.yaml:1:10: "version" must be equal to constant/],
  ])('%s', (name, message) => {
    expectRefusal(['audit', manifest(name)], message);
  });

  it('a 30 MB file, refused before it is read', () => {
    const file = join(tempDir(), 'huge.yaml');
    writeFileSync(file, `version: 1\n# ${'x'.repeat(30 * 1024 * 1024)}\n`);
    expectRefusal(['audit', file], /huge\.yaml: is 30\.0 MB; a manifest may be at most 1 MB/);
  });

  it('a directory and a missing file', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'readiness.yaml'));
    expectRefusal(['audit', join(dir, 'readiness.yaml')], /readiness\.yaml: is a directory, not a manifest/);
    expectRefusal(['audit', join(dir, 'missing.yaml')], /missing\.yaml: cannot read manifest: no such file/);
  });

  it.skipIf(!permissionsTestable())('an unreadable file', () => {
    const dir = tempDir();
    chmodSync(dir, 0o755);
    const locked = join(dir, 'locked.yaml');
    writeFileSync(locked, 'version: 1\n');
    chmodSync(locked, 0o000);
    const run = cliWithoutRoot(['audit', locked], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`readiness: ${locked}: cannot read manifest: permission denied\n`);
  });
});

describe('hostile rule packs: exit 2 naming the rule file and line', () => {
  it.each([
    ['broken-expression', /broken-expression\/rules\.yaml:7:12: HOS-001 check: /],
    ['wrong-type', /wrong-type\/rules\.yaml:7:12: HOS-002 check: no such overload: string > int/],
    ['catastrophic-regex', /catastrophic-regex\/rules\.yaml:7:12: HOS-003 check: matches\(\) is not allowed in rules/],
    ['duplicate-id', /duplicate-id\/rules\.yaml:3:9: rule id SEC-001 is already used at .*rules\/security\.yaml:\d+:\d+/],
  ])('%s', (pack, message) => {
    expectRefusal(['audit', 'examples/prototype.yaml', '--rules', join(HOSTILE, 'packs', pack)], message);
  });
});

describe('no global is touched', () => {
  it('leaves Object.prototype as it was after __proto__ and constructor keys', () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const ruleSet = scoringPack();
    for (const text of ['__proto__:\n  polluted: true\n', 'security:\n  __proto__: {polluted: true}\n', 'security:\n  constructor: {prototype: {polluted: true}}\n']) {
      expect(() => parseManifest(`version: 1\nproject: {name: p, profile: internal}\n${text}`, 'm.yaml', ruleSet, { now: TODAY })).toThrow(ReadinessError);
    }
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
