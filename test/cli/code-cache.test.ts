import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyOfInstall, ROOT } from '../helpers.js';

const CACHE = `cli.cjs.${process.version}-${process.arch}.cache`;

const audit = (dir: string) => spawnSync(process.execPath, [join(dir, 'bin', 'readiness.cjs'), 'audit', 'examples/saas-api.yaml', '--format', 'json', '--date', '2026-11-25'], { cwd: dir, encoding: 'utf8' });

describe('the code cache of the CLI (docs/adr/0005-code-cache.md)', () => {
  it('is made by the build for the Node that built it', () => {
    expect(existsSync(join(ROOT, 'dist', CACHE))).toBe(true);
  });

  it('changes nothing a user sees: without it, or with a damaged one, the same report and exit code', () => {
    const dir = copyOfInstall();
    const withCache = audit(dir);
    expect(withCache.stderr).toBe('');
    expect(withCache.status).toBe(0);

    writeFileSync(join(dir, 'dist', CACHE), 'not V8 code');
    const damaged = audit(dir);
    rmSync(join(dir, 'dist', CACHE));
    const without = audit(dir);

    for (const run of [damaged, without]) {
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toBe(withCache.stdout);
    }
  });
});
