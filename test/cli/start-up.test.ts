import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, FIXTURES, ROOT, tempDir } from '../helpers.js';

// Speed is measured by `npm run bench`, never by a timed test; what a test can hold steady is
// that an audit does not load what it does not use (docs/benchmarks.md says what each cost).
describe('start-up cost', () => {
  /** The Node built-in modules a process loaded, recorded at exit by test/fixtures/record-builtins.cjs. */
  const builtinsLoadedBy = (args: string[]) => {
    const record = join(tempDir(), 'builtins.txt');
    const run = spawnSync(process.execPath, ['-r', join(FIXTURES, 'record-builtins.cjs'), ...args], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, RECORD_BUILTINS_TO: record },
    });
    expect(run.stderr).toBe('');
    return readFileSync(record, 'utf8').split('\n');
  };
  const jsonAudit = () => builtinsLoadedBy([BIN, 'audit', 'examples/saas-api.yaml', '--format', 'json', '-o', join(tempDir(), 'r.json')]);

  it('never starts Inquirer during `readiness audit`: the interview\'s prompts load only when it runs', () => {
    expect(builtinsLoadedBy(['-e', 'require("@inquirer/prompts")'])).toContain('NativeModule readline');
    expect(jsonAudit()).not.toContain('NativeModule readline');
  });

  it('loads neither child_process (Commander\'s), crypto, perf_hooks nor zlib for a JSON audit', () => {
    const loaded = jsonAudit();
    expect(loaded).toContain('NativeModule vm'); // the bin's code cache: the recording works
    // zlib checksums the rule files only when their stamps differ from the build's (src/rules/builtin-snapshot.ts)
    for (const unneeded of ['child_process', 'crypto', 'perf_hooks', 'readline', 'zlib']) expect(loaded).not.toContain(`NativeModule ${unneeded}`);
    expect(builtinsLoadedBy(['-e', 'require("node:child_process")'])).toContain('NativeModule child_process');
  });
});
