import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readBuiltInSnapshot } from '../../src/rules/builtin-snapshot.js';
import { parseRulePack, readPackFiles } from '../../src/rules/load-pack.js';
import { builtInRulesDir, builtInSnapshotDir } from '../../src/rules/load-rule-set.js';

// npm test builds first, so the snapshot of dist/builtin exists here.
describe('the built-in snapshot', () => {
  const files = readPackFiles(builtInRulesDir());

  it('is the same pack as parsing the YAML, positions included', () => {
    expect(existsSync(builtInSnapshotDir())).toBe(true);
    const snapshot = readBuiltInSnapshot(builtInSnapshotDir(), files)!;
    expect(snapshot.pack).toEqual(parseRulePack(files.dir, files.manifest, files.files));
    expect(typeof snapshot.manifestValidator).toBe('function');
  });

  it('is ignored as soon as a rule file differs from what it was built from', () => {
    const edited = { ...files, files: files.files.map((f, i) => (i === 0 ? { ...f, text: `${f.text}\n# edited\n` } : f)) };
    expect(readBuiltInSnapshot(builtInSnapshotDir(), edited)).toBeUndefined();
  });
});
