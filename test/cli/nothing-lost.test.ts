import fs, { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Spool, writeFileSafely, writeFilesSafely } from '../../src/cli/io.js';
import { ReadinessError } from '../../src/errors.js';
import { cli, cliWithoutRoot, installReadableByAll, permissionsTestable, tempDir } from '../helpers.js';

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

  it('renames no output into place unless every one was written whole', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.json'), 'old a\n');
    const failing = function* () {
      yield 'the first half of b';
      throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    };
    expect(() => writeFilesSafely([{ path: 'a.json', content: ['new ', 'a\n'] }, { path: 'b.html', content: failing() }], dir)).toThrow('cannot write: ENOSPC');
    expect(readdirSync(dir)).toEqual(['a.json']);
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe('old a\n');
  });

  it('passes a failure of the report itself on as it is, and still leaves nothing behind', () => {
    const dir = tempDir();
    const broken = function* () {
      yield 'a summary';
      throw new TypeError('a bug in a renderer');
    };
    expect(() => writeFilesSafely([{ path: 'report.md', content: broken() }], dir)).toThrow(TypeError);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('writes a report in pieces, and keeps the permissions of the file it replaces', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'readiness.yaml'), 'old\n');
    chmodSync(join(dir, 'readiness.yaml'), 0o600);
    writeFilesSafely([{ path: 'readiness.yaml', content: ['version: 1\n', 'project: {}\n'] }], dir);
    expect(readFileSync(join(dir, 'readiness.yaml'), 'utf8')).toBe('version: 1\nproject: {}\n');
    expect(statSync(join(dir, 'readiness.yaml')).mode & 0o777).toBe(0o600);
  });

  it('does not touch an existing report when the audit fails before rendering', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'report.json'), '{"kept": true}\n');
    writeFileSync(join(dir, 'readiness.yaml'), 'version: 1\nproject: {name: x, profile: nope}\n');
    const run = cli(['audit', '-o', 'json=report.json'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(readFileSync(join(dir, 'report.json'), 'utf8')).toBe('{"kept": true}\n');
  });

  it.skipIf(!permissionsTestable())('refuses a directory it may not write to before auditing anything', () => {
    const dir = tempDir();
    chmodSync(dir, 0o777);
    mkdirSync(join(dir, 'locked'), { mode: 0o555 });
    // a manifest that fails validation: had anything been audited, its error would be on stderr too
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'version: 1\nproject: {name: x, profile: nope}\n');
    chmodSync(broken, 0o644);
    const run = cliWithoutRoot(['audit', broken, join(installReadableByAll(), 'examples', '*.yaml'), '-o', 'json=locked/p.json'], { cwd: dir });
    expect(run.stderr).toBe('readiness: locked/p.json: cannot write: the directory locked is not writable\n');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    // the same run with a writable output does audit, and reports the broken manifest
    const audited = cliWithoutRoot(['audit', broken, join(installReadableByAll(), 'examples', '*.yaml'), '-o', 'json=p.json', '--quiet'], { cwd: dir });
    expect(audited.stderr).toContain('broken.yaml:2:29: "project.profile" must be one of');
    expect(audited.code).toBe(2);
  });

  it('writes nothing when one of several outputs names a missing directory', () => {
    const dir = tempDir();
    const run = cli(['audit', join(process.cwd(), 'examples', 'prototype.yaml'), '-o', 'json=a.json', '-o', 'json=missing/b.json'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('readiness: missing/b.json: cannot write: the directory missing does not exist\n  hint: create it first (mkdir -p missing)\n');
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('the spool of a portfolio\'s project parts', () => {
  it('gives back exactly what was written, characters cut at its 1 MB reads included, and removes its file', () => {
    const dir = tempDir();
    const spool = new Spool(dir, 'report.json');
    const parts = ['a'.repeat((1 << 20) - 1) + 'é—✓', 'x', '', '🙂'.repeat(300_000)];
    parts.forEach((p) => spool.write(p));
    expect([...spool.read()].join('')).toBe(parts.join(''));
    expect(readdirSync(dir)).toHaveLength(1);
    spool.dispose();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('keeps the parts in memory where it cannot make its file', () => {
    const spool = new Spool(join(tempDir(), 'gone'), 'p.json');
    ['one ', 'two'].forEach((p) => spool.write(p));
    expect([...spool.read()].join('')).toBe('one two');
    spool.dispose();
  });

  it('turns a full disk into one line naming the report', () => {
    const spool = new Spool(tempDir(), 'reports/p.json');
    vi.spyOn(fs, 'writeSync').mockImplementation(() => {
      throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    });
    expect(() => spool.write('a part')).toThrow(new ReadinessError('io', 'cannot write: ENOSPC', { file: 'reports/p.json' }));
    vi.restoreAllMocks();
    spool.dispose();
  });

  it('leaves nothing beside the reports of a portfolio', () => {
    const dir = tempDir();
    const run = cli(['audit', join(process.cwd(), 'examples', '*.yaml'), '-o', 'json=p.json', '-o', 'html=p.html', '--quiet'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['p.html', 'p.json']);
  });
});
