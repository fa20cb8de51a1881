import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freshSnapshot, hashPackFiles, rebasePack, stampPackFiles, stampsUnchanged, type BuiltInSnapshot } from '../../src/rules/builtin-snapshot.js';
import { parseRulePack, readPackFiles } from '../../src/rules/load-pack.js';
import { builtInRulesDir, loadRuleSet } from '../../src/rules/load-rule-set.js';
import type { RuleSet } from '../../src/rules/rule-set.js';
import { compileSchema } from '../../src/source/schema-check.js';
import { copyOfInstall, ROOT, tempDir } from '../helpers.js';

// the expressions themselves are functions; what checking them found is compared
const withoutCode = (set: RuleSet) => set.rules.map(({ compiledCheck, compiledAppliesWhen, ...rule }) => ({ ...rule, reads: compiledCheck.reads, appliesWhenReads: compiledAppliesWhen?.reads }));

describe('the built-in snapshot', () => {
  const files = readPackFiles(builtInRulesDir());
  const parsed = parseRulePack(files.dir, files.manifest, files.files);

  // npm test builds first, so dist/ holds the bundles with the snapshot embedded.
  it('is embedded in the built library and is the same rule set as parsing the YAML, positions included', async () => {
    const built = (await import(pathToFileURL(join(ROOT, 'dist', 'index.js')).href)) as { loadRuleSet: typeof loadRuleSet };
    const fromSnapshot = built.loadRuleSet();
    const fromSource = loadRuleSet(); // the source has no snapshot: it parses the YAML
    expect(typeof fromSnapshot.manifestValidator).toBe('function');
    expect(fromSource.manifestValidator).toBeUndefined();
    expect(withoutCode(fromSnapshot)).toEqual(withoutCode(fromSource));
    expect([...fromSnapshot.facts.values()]).toEqual([...fromSource.facts.values()]);
  });

  it('is used only while the rule files are exactly those it was built from', () => {
    const snapshot: BuiltInSnapshot = { hash: hashPackFiles(files), stamps: [], pack: rebasePack(parsed, files.dir, ''), manifestValidator: compileSchema({}), reads: {} };
    expect(freshSnapshot(snapshot, files)?.pack).toEqual(parsed);
    const edited = { ...files, files: files.files.map((f, i) => (i === 0 ? { ...f, text: `${f.text}\n# edited\n` } : f)) };
    expect(freshSnapshot(snapshot, edited)).toBeUndefined();
    // an edit that keeps every file's length, as changing a rule's level does
    const relevelled = { ...files, files: files.files.map((f) => ({ ...f, text: f.text.replace('level: 3', 'level: 4') })) };
    expect(relevelled.files.map((f) => f.text.length)).toEqual(files.files.map((f) => f.text.length));
    expect(relevelled.files.some((f, i) => f.text !== files.files[i]!.text)).toBe(true);
    expect(freshSnapshot(snapshot, relevelled)).toBeUndefined();
  });

  it('is taken as fresh without reading the files only while each keeps the size and modification time the build saw', () => {
    const dir = join(tempDir(), 'rules');
    cpSync(builtInRulesDir(), dir, { recursive: true });
    const snapshot: BuiltInSnapshot = { hash: '', stamps: stampPackFiles(dir), pack: parsed, manifestValidator: compileSchema({}), reads: {} };
    expect(snapshot.stamps.map((s) => s.name)).toContain('pack.yaml');
    expect(stampsUnchanged(snapshot, dir)).toBe(true);

    const file = join(dir, 'security.yaml');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('level: 3', 'level: 4'));
    utimesSync(file, new Date('2026-01-01'), new Date('2026-01-01')); // an edit's new time, whatever the file system's resolution
    expect(stampsUnchanged(snapshot, dir)).toBe(false);
    writeFileSync(file, text);
    snapshot.stamps = stampPackFiles(dir);
    expect(stampsUnchanged(snapshot, dir)).toBe(true);
    writeFileSync(join(dir, 'extra.yaml'), 'rules: []\n');
    expect(stampsUnchanged(snapshot, dir)).toBe(false);
  });

  it('never serves a stale rule: the built CLI reads an edited rule file without a rebuild', () => {
    const install = copyOfInstall();
    const file = join(install, 'rules', 'security.yaml');
    const text = readFileSync(file, 'utf8');
    const title = /^ {2}- id: (SEC-\d+)\n {4}title: (.+)$/m.exec(text)!;
    writeFileSync(file, text.replace(`title: ${title[2]}`, 'title: An edited title'));

    const run = spawnSync(process.execPath, [join(install, 'bin', 'readiness.cjs'), 'explain', title[1]!], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('An edited title');
    expect(run.stdout).not.toContain(title[2]);
  });
});
