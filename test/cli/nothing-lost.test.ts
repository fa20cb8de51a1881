import fs, { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeFileSafely } from '../../src/cli/io.js';
import { cli, tempDir } from '../helpers.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('every file is written whole or not at all', () => {
  it('leaves the previous file intact and no temporary file when the disk fills mid-write', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'report.md'), 'the report from yesterday\n');
    const realWrite = fs.writeSync;
    vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number) => {
      realWrite(fd, 'half a rep');
      throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    }) as unknown as typeof fs.writeSync);
    expect(() => writeFileSafely('report.md', 'the whole new report\n', dir)).toThrow('cannot write: ENOSPC');
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toBe('the report from yesterday\n');
    expect(readdirSync(dir)).toEqual(['report.md']);
  });

  it('leaves the previous file intact when the final rename fails', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'readiness.yaml'), '# my manifest\n');
    vi.spyOn(fs, 'renameSync').mockImplementation(() => {
      throw Object.assign(new Error('interrupted'), { code: 'EINTR' });
    });
    expect(() => writeFileSafely('readiness.yaml', 'version: 1\n', dir)).toThrow('cannot write: EINTR');
    expect(readFileSync(join(dir, 'readiness.yaml'), 'utf8')).toBe('# my manifest\n');
    expect(readdirSync(dir)).toEqual(['readiness.yaml']);
  });

  it('does not touch an existing report when the audit fails before rendering', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'report.json'), '{"kept": true}\n');
    writeFileSync(join(dir, 'readiness.yaml'), 'version: 1\nproject: {name: x, profile: nope}\n');
    const run = cli(['audit', '-o', 'json=report.json'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(readFileSync(join(dir, 'report.json'), 'utf8')).toBe('{"kept": true}\n');
  });

  it('writes nothing when one of several outputs names a missing directory', () => {
    const dir = tempDir();
    const run = cli(['audit', join(process.cwd(), 'examples', 'prototype.yaml'), '-o', 'json=a.json', '-o', 'json=missing/b.json'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('readiness: missing/b.json: cannot write: the directory missing does not exist\n  hint: create it first (mkdir -p missing)\n');
    expect(readdirSync(dir)).toEqual([]);
  });
});
