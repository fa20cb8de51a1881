import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyOfInstall, FIXTURES, ROOT, tempDir } from '../helpers.js';

const CACHE = `cli.cjs.${process.version}-${process.arch}.cache`;

const audit = (dir: string) => spawnSync(process.execPath, [join(dir, 'bin', 'readiness.cjs'), 'audit', 'examples/saas-api.yaml', '--format', 'json', '--date', '2026-11-25'], { cwd: dir, encoding: 'utf8' });

/** The audit, with test/fixtures/record-code-cache.cjs preloaded: `rejected` is V8's cachedDataRejected per cached script. */
function auditRecordingCache(dir: string) {
  const record = join(tempDir(), 'rejected.txt');
  const run = spawnSync(process.execPath, ['-r', join(FIXTURES, 'record-code-cache.cjs'), join(dir, 'bin', 'readiness.cjs'),
    'audit', 'examples/saas-api.yaml', '--format', 'json', '--date', '2026-11-25'],
  { cwd: dir, encoding: 'utf8', env: { ...process.env, RECORD_CODE_CACHE_TO: record } });
  return { ...run, rejected: readFileSync(record, 'utf8') };
}

describe('the code cache of the CLI (docs/adr/0005-code-cache.md)', () => {
  it('is made by the build for the Node that built it', () => {
    expect(existsSync(join(ROOT, 'dist', CACHE))).toBe(true);
  });

  it('is accepted by V8 on a normal run: the CLI is not compiled again from source', () => {
    const run = auditRecordingCache(ROOT);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    // one vm.Script made with the cache, and V8 took it
    expect(run.rejected).toBe('false');
  });

  it('changes nothing a user sees: without it, or with a damaged one, the same report and exit code', () => {
    const dir = copyOfInstall();
    const withCache = audit(dir);
    expect(withCache.stderr).toBe('');
    expect(withCache.status).toBe(0);

    writeFileSync(join(dir, 'dist', CACHE), 'not V8 code');
    const damaged = audit(dir);
    expect(auditRecordingCache(dir).rejected).toBe('true'); // the recorder does see a cache V8 refuses
    rmSync(join(dir, 'dist', CACHE));
    const without = audit(dir);

    for (const run of [damaged, without]) {
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toBe(withCache.stdout);
    }
  });
});
