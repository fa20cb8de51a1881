import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, FIXTURES, tempDir } from '../helpers.js';

describe('usage errors exit 2 with one line and no stack trace', () => {
  it.each([
    [['audit', 'x.yaml', '--min-score', '150'], "readiness: option '--min-score <0-100>' argument '150' is invalid. must be a number from 0 to 100.\n"],
    [['audit', 'x.yaml', '--min-level', 'five'], "readiness: option '--min-level <level>' argument 'five' is invalid. must be 1, 2, 3, 4 or \"target\".\n"],
    [['audit', 'x.yaml', '--fail-on', 'urgent'], "readiness: option '--fail-on <severity>' argument 'urgent' is invalid. must be one of: critical, high, medium, low.\n"],
    [['audit', 'x.yaml', '--profile', 'enterprise'], "readiness: option '--profile <profile>' argument 'enterprise' is invalid. must be one of: prototype, internal, production, critical.\n"],
    [['audit', '--bogus'], "readiness: unknown option '--bogus'\n"],
    [['frobnicate'], "readiness: unknown command 'frobnicate'\n"],
  ])('%j', (args, stderr) => {
    const run = cli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(stderr);
    expect(run.stdout).toBe('');
  });

  it('names a missing manifest and hints at init', () => {
    const dir = tempDir();
    const run = cli(['audit'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('readiness: readiness.yaml: cannot read manifest: no such file\n  hint: create one with `readiness init` or `readiness interview`\n');
  });

  it('reports a broken rule pack by file and line', () => {
    const run = cli(['rules', 'list', '--rules', join(FIXTURES, 'packs', 'broken')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^readiness: .*broken\/rules\.yaml:\d+:\d+: BRK-001 check: No such key: nonexistent\n$/);
  });

  it('prints the stack only with --debug, pointing into the TypeScript source', () => {
    const run = cli(['--debug', 'rules', 'list', '--rules', join(FIXTURES, 'packs', 'broken')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^ {4}at buildRuleSet \(.*src\/rules\/rule-set\.ts:\d+:\d+\)$/m);
  });
});

describe('help and version', () => {
  it('shows examples and exit codes in audit --help', () => {
    const run = cli(['audit', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('$ readiness audit examples/saas-api.yaml --min-level target');
    expect(run.stdout).toContain('Exit codes: 0 every gate passed, 1 a gate failed, 2 usage or input error');
  });

  it('prints the version of package.json', () => {
    const pkg = JSON.parse(readFileSync(join(FIXTURES, '..', '..', 'package.json'), 'utf8')) as { version: string };
    expect(cli(['--version']).stdout).toBe(`${pkg.version}\n`);
  });
});

describe('init', () => {
  it('writes a starter manifest that audits, and refuses to overwrite it', () => {
    const dir = tempDir();
    const first = cli(['init', '--profile', 'internal', '--name', 'billing'], { cwd: dir });
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('wrote readiness.yaml for the internal profile');
    const text = readFileSync(join(dir, 'readiness.yaml'), 'utf8');
    expect(text).toContain('name: "billing"');
    expect(text).toContain('profile: internal');
    const audit = cli(['audit', '--format', 'json'], { cwd: dir });
    expect(audit.code).toBe(0);
    const report = JSON.parse(audit.stdout) as { coverage: number; score: number; project: { name: string } };
    expect(report.project.name).toBe('billing');
    expect(report.score).toBe(0); // nothing answered yet: nothing passes on silence
    writeFileSync(join(dir, 'readiness.yaml'), '# mine\n');
    const again = cli(['init'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toBe('readiness: readiness.yaml: already exists; nothing was written\n  hint: pass --force to replace it, or name another file\n');
    expect(readFileSync(join(dir, 'readiness.yaml'), 'utf8')).toBe('# mine\n');
    expect(cli(['init', '--force'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(join(dir, 'readiness.yaml'), 'utf8')).toContain('profile: production');
  });

  it('fails cleanly when the target directory does not exist', () => {
    const dir = tempDir();
    const run = cli(['init', 'missing/readiness.yaml'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('readiness: missing/readiness.yaml: cannot write: the directory missing does not exist');
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });
});

describe('rules, explain and schema', () => {
  it('lists rules as JSON with their metadata', () => {
    const run = cli(['rules', 'list', '--format', 'json']);
    expect(run.code).toBe(0);
    const rules = JSON.parse(run.stdout) as { id: string; category: string; level: number; severity: string; references: unknown[] }[];
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      expect(Object.keys(rule)).toEqual(expect.arrayContaining(['id', 'title', 'category', 'level', 'severity', 'references']));
    }
  });

  it('validates a custom pack together with the built-in one, running its examples', () => {
    const good = cli(['rules', 'validate', join(FIXTURES, 'packs', 'custom')]);
    expect(good.stdout).toBe('acme-platform 1.0.0: 1 rules, 1 facts, 2 examples: all valid\n');
    expect(good.code).toBe(0);
    const wrong = cli(['rules', 'validate', join(FIXTURES, 'packs', 'wrong-example')]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/wrong-example\/rules\.yaml:\d+:\d+: WEX-001 example fail\[0\]: expected fail, got pass\n$/);
  });

  it('explains a rule, and suggests the closest id for a typo', () => {
    const list = JSON.parse(cli(['rules', 'list', '--format', 'json']).stdout) as { id: string; title: string }[];
    const first = list[0]!;
    const run = cli(['explain', first.id.toLowerCase()]);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(`${first.id}  ${first.title}`);
    expect(run.stdout).toContain('Why it matters');
    expect(run.stdout).toContain('How to fix it');
    const typo = cli(['explain', `${first.id}1`]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain(`did you mean ${first.id}?`);
  });

  it('prints a JSON Schema that requires version and project', () => {
    const schema = JSON.parse(cli(['schema']).stdout) as { required: string[]; properties: Record<string, unknown> };
    expect(schema.required).toEqual(['version', 'project']);
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['context', 'dependencies', 'waivers']));
  });
});
