import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { progressLine, runScan } from '../../src/cli/commands/scan.js';
import type { CliIo } from '../../src/cli/io.js';
import type { ScanResult } from '../../src/scan/types.js';
import { tempDir } from '../helpers.js';
import { SCAN_FIXTURES } from './scan-helpers.js';

function fakeIo(cwd: string, stderrIsTTY = false) {
  const out = { stdout: '', stderr: '' };
  const io: CliIo & { stderrIsTTY: boolean } = {
    stdout: (t) => void (out.stdout += t), stderr: (t) => void (out.stderr += t),
    stdoutIsTTY: false, stdinIsTTY: false, stderrIsTTY, env: {}, cwd,
  };
  return { io, out };
}

afterEach(() => void vi.useRealTimers());

describe('readiness scan', () => {
  it('prints each detected fact with the file and line that shows it', async () => {
    const { io, out } = fakeIo(SCAN_FIXTURES);
    expect(await runScan('npm', { format: 'text' }, io)).toBe(0);
    expect(out.stdout).toContain(`readiness scan of ${join(SCAN_FIXTURES, 'npm')}: 12 files`);
    expect(out.stdout).toContain('  security.lockfile = true   (medium)\n      package-lock.json:1  package-lock.json for package.json\n');
    expect(out.stdout).toContain('Found for list items in general (applies to no item in particular)\n  datastores[].migration_tool = "knex"');
    expect(out.stdout).toContain('Other signals (no fact describes them)\n  .github/workflows/ci.yml:1  CI configuration');
    expect(out.stderr).toBe('');
  });

  it('prints the scan result as JSON for machines', async () => {
    const { io, out } = fakeIo(SCAN_FIXTURES);
    await runScan('go', { format: 'json' }, io);
    const result = JSON.parse(out.stdout) as ScanResult;
    expect(result.filesScanned).toBe(8);
    expect(result.facts.find((f) => f.path === 'security.lockfile')).toEqual({
      path: 'security.lockfile', value: true, strength: 'medium', evidence: [{ file: 'go.sum', line: 1, signal: 'go.sum for go.mod' }],
    });
  });

  it('drafts a manifest, and refuses to overwrite one', async () => {
    const dir = tempDir();
    const { io, out } = fakeIo(dir);
    await runScan(join(SCAN_FIXTURES, 'python'), { format: 'text', writeManifest: 'readiness.yaml', profile: 'internal' }, io);
    const text = readFileSync(join(dir, 'readiness.yaml'), 'utf8');
    expect(text).toContain('  profile: internal');
    expect(text).toContain('  tool: locust   #');
    expect(out.stderr).toBe('readiness: wrote readiness.yaml for the internal profile with what the scan found; answer the rest, then run: readiness audit readiness.yaml\n');
    writeFileSync(join(dir, 'readiness.yaml'), 'mine');
    await expect(runScan(join(SCAN_FIXTURES, 'python'), { format: 'text', writeManifest: 'readiness.yaml' }, io)).rejects.toThrow('already exists; nothing was written');
    expect(readFileSync(join(dir, 'readiness.yaml'), 'utf8')).toBe('mine');
  });

  it('rejects an unknown format and a missing folder before scanning', async () => {
    const { io } = fakeIo(tempDir());
    await expect(runScan('.', { format: 'sarif' }, io)).rejects.toThrow('unknown format "sarif" for scan');
    await expect(runScan('missing', { format: 'text', writeManifest: 'out.yaml' }, io)).rejects.toThrow('cannot scan: no such folder');
    expect(existsSync(join(io.cwd, 'out.yaml'))).toBe(false);
  });

  it('refuses a manifest it could not write before scanning, not after', async () => {
    const { io, out } = fakeIo(tempDir());
    await expect(runScan(join(SCAN_FIXTURES, 'python'), { format: 'text', writeManifest: 'missing/readiness.yaml' }, io))
      .rejects.toThrow('cannot write: the directory missing does not exist');
    expect(out.stdout).toBe('');
  });

  it('draws no progress for a quick scan, even on a terminal', async () => {
    const { io, out } = fakeIo(SCAN_FIXTURES, true);
    await runScan('rust', { format: 'text' }, io);
    expect(out.stderr).toBe('');
  });

  it('draws a progress line on stderr once a scan runs long, and clears it', () => {
    vi.useFakeTimers();
    const { io, out } = fakeIo('/', true);
    const progress = progressLine(io);
    progress.update({ phase: 'reading', done: 10, total: 20_000 });
    expect(out.stderr).toBe('');
    vi.advanceTimersByTime(600);
    progress.update({ phase: 'reading', done: 12_500, total: 20_000 });
    progress.update({ phase: 'reading', done: 12_600, total: 20_000 });
    expect(out.stderr).toBe('\r\x1b[Kreadiness: reading files: 12,500 of 20,000');
    progress.clear();
    expect(out.stderr.endsWith('\r\x1b[K')).toBe(true);
  });
});
