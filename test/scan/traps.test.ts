import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan } from '../../src/cli/commands/scan.js';
import type { CliIo } from '../../src/cli/io.js';
import { scanRepository } from '../../src/scan/scan.js';
import type { ScanResult } from '../../src/scan/types.js';
import { cliWithoutRoot, permissionsTestable, tempDir } from '../helpers.js';
import { placesOf } from './scan-helpers.js';

// Secret-looking strings are assembled here so that this file holds none of them itself.
const AWS_KEY_ID = ['AKIA', 'Z7QX2M4K9P3L8VNB'].join('');
const KEY_HEADER = ['-----BEGIN', 'RSA PRIVATE KEY-----'].join(' ');
const ENV_TOKEN = ['tok', 'en-', '8c1f2b7d9e'].join('');
const BREAKER = '{ "dependencies": { "opossum": "^8.0.0" } }';
const isRoot = process.getuid?.() === 0;

function write(root: string, path: string, content: string | Buffer): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), content);
}

let root: string;
let outside: string;
let result: ScanResult;
let fifo = false;

beforeAll(async () => {
  root = tempDir();
  outside = tempDir();
  write(root, 'package.json', '{ "name": "trap", "dependencies": { "pino": "^9.0.0" } }');
  // links: one out of the root, loops back into it, and an alias of a folder inside it
  write(outside, 'package.json', BREAKER);
  write(outside, 'creds.txt', `aws_access_key_id = ${AWS_KEY_ID}\n`);
  symlinkSync(outside, join(root, 'outside-dir'));
  symlinkSync(join(outside, 'creds.txt'), join(root, 'outside-file.txt'));
  symlinkSync('.', join(root, 'loop'));
  write(root, 'sub/readme.md', 'sub');
  symlinkSync('..', join(root, 'sub', 'up'));
  symlinkSync('missing-target', join(root, 'dangling'));
  // installed dependencies, build output and what .gitignore ignores are never read
  write(root, 'node_modules/opossum/package.json', BREAKER);
  write(root, 'vendor/github.com/sony/gobreaker/go.mod', 'module github.com/sony/gobreaker\n');
  write(root, 'vendor/app/package.json', BREAKER);
  write(root, 'dist/package.json', BREAKER);
  write(root, '.gitignore', 'generated/\n*.log\n');
  write(root, 'generated/package.json', BREAKER);
  write(root, 'debug.log', `${KEY_HEADER}\n`);
  write(root, 'services/api/.gitignore', 'local/\n');
  write(root, 'services/api/local/package.json', BREAKER);
  // a huge file and a binary one, each hiding something the scan must not see
  write(root, 'data/huge.sql', `${'-- padding line\n'.repeat(80_000)}${KEY_HEADER}\n`);
  write(root, 'data/blob.txt', Buffer.concat([Buffer.from([0, 1, 2, 0]), Buffer.from(`\n${AWS_KEY_ID}\n`)]));
  // secrets committed in plain files, and a placeholder file that is not one
  write(root, 'config/settings.py', `REGION = "eu-west-1"\nAWS_KEY = "${AWS_KEY_ID}"\n`);
  write(root, 'deploy/tls.key.pem', `${KEY_HEADER}\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n`);
  write(root, '.env', `DATABASE_HOST=db\nAPI_TOKEN=${ENV_TOKEN}\n`);
  write(root, '.env.example', 'API_TOKEN=changeme\n');
  write(root, 'locked/package.json', BREAKER);
  chmodSync(join(root, 'locked', 'package.json'), 0o000);
  try {
    execFileSync('mkfifo', [join(root, 'pipe')]);
    fifo = true;
  } catch {
    // no mkfifo here: the FIFO case is not exercised
  }
  result = await scanRepository(root);
});

afterAll(() => {
  chmodSync(join(root, 'locked', 'package.json'), 0o644);
  for (const dir of [root, outside]) rmSync(dir, { recursive: true, force: true });
});

const reasonOf = (path: string) => result.skipped.find((s) => s.path === path)?.reason;
const files = () => result.facts.flatMap((f) => f.evidence.map((e) => e.file));

describe('traps in the scanned tree', () => {
  it('does not follow a symbolic link out of the root', () => {
    expect(reasonOf('outside-dir')).toMatch(/outside the scanned folder/);
    expect(reasonOf('outside-file.txt')).toMatch(/outside the scanned folder/);
    expect(files().filter((f) => f.startsWith('outside'))).toEqual([]);
  });

  it('survives link loops, visiting each real folder once', () => {
    expect(reasonOf('loop')).toMatch(/already scanned/);
    expect(reasonOf('sub/up')).toMatch(/already scanned/);
    expect(reasonOf('dangling')).toBe('broken symbolic link');
    expect(files().filter((f) => f.startsWith('loop/') || f.startsWith('sub/up/'))).toEqual([]);
  });

  it('skips node_modules, vendor and build folders, and says so', () => {
    expect(reasonOf('node_modules')).toBe('installed dependencies');
    expect(reasonOf('vendor')).toBe('installed dependencies');
    expect(reasonOf('dist')).toBe('build output or cache');
    expect(files().some((f) => /^(node_modules|vendor|dist)\//.test(f))).toBe(false);
  });

  it('skips what .gitignore files ignore, nested ones included', () => {
    expect(reasonOf('generated')).toBe('ignored by .gitignore');
    expect(reasonOf('services/api/local')).toBe('ignored by .gitignore');
    expect(files()).not.toContain('debug.log');
  });

  it('reads no more than the size limit of a file, and notes the cut', () => {
    expect(reasonOf('data/huge.sql')).toMatch(/larger than 1 MB/);
    expect(result.limits.join('\n')).toMatch(/1 file over 1 MB was not read, only its name used: data\/huge\.sql/);
    expect(files()).not.toContain('data/huge.sql');
  });

  it('leaves binary files alone', () => {
    expect(reasonOf('data/blob.txt')).toBe('binary content');
    expect(files()).not.toContain('data/blob.txt');
  });

  it('finds committed secrets by kind and place', () => {
    expect(placesOf(result, 'security.secrets_in_repo', true)).toEqual(expect.arrayContaining(['config/settings.py:2', 'deploy/tls.key.pem:1', '.env:2']));
    expect(files()).not.toContain('.env.example');
    const signals = result.facts.filter((f) => f.path === 'security.secrets_in_repo').flatMap((f) => f.evidence.map((e) => e.signal));
    expect(signals).toEqual(expect.arrayContaining(['AWS access key id committed', 'private key block committed', 'committed .env file with a value for API_TOKEN']));
  });

  it('never prints a secret, in text or JSON', async () => {
    for (const format of ['text', 'json']) {
      let out = '';
      const io: CliIo = { stdout: (t) => void (out += t), stderr: (t) => void (out += t), stdoutIsTTY: false, stdinIsTTY: false, env: {}, cwd: root };
      expect(await runScan('.', { format }, io)).toBe(0);
      expect(out).toContain(format === 'text' ? '.env:2' : '"file": ".env"');
      for (const secret of [AWS_KEY_ID, ENV_TOKEN, 'MIIBOgIBAAJBAKj34']) expect(out).not.toContain(secret);
    }
  });

  it.skipIf(isRoot)('skips an unreadable file and says why', () => {
    expect(reasonOf('locked/package.json')).toBe('not readable: permission denied');
  });

  it.skipIf(!permissionsTestable())('skips an unreadable file and says why, as any user (the CLI, as nobody under root)', () => {
    const tree = tempDir();
    chmodSync(tree, 0o755);
    write(tree, 'package.json', '{ "dependencies": { "pino": "^9.0.0" } }');
    write(tree, 'locked/package.json', BREAKER);
    chmodSync(join(tree, 'locked'), 0o755);
    chmodSync(join(tree, 'locked', 'package.json'), 0o000);
    const run = cliWithoutRoot(['scan', tree, '--format', 'json'], { cwd: tree });
    expect(run.stderr).toBe('');
    const scan = JSON.parse(run.stdout) as ScanResult;
    expect(scan.skipped).toContainEqual({ path: 'locked/package.json', reason: 'not readable: permission denied' });
    expect(placesOf(scan, 'observability.logs.format', 'json')).toEqual(['package.json:1']);
  });

  it('never opens a FIFO, which would block', (ctx) => {
    if (!fifo) ctx.skip('no mkfifo here: the FIFO case is not exercised');
    expect(files()).not.toContain('pipe');
    expect(reasonOf('pipe')).toBeUndefined(); // not a file: never listed, so not skipped with a reason either
  });

  it('still finds what is really there', () => {
    expect(placesOf(result, 'observability.logs.format', 'json')).toEqual(['package.json:1']);
  });
});

describe('limits', () => {
  it('stops at the file limit and says where it stopped', async () => {
    const dir = tempDir();
    for (let i = 0; i < 12; i++) write(dir, `f${String(i).padStart(2, '0')}.txt`, 'x');
    const cut = await scanRepository(dir, { maxFiles: 5 });
    expect(cut.filesScanned).toBe(5);
    expect(cut.limits).toEqual(['stopped listing after 5 files: the rest of the tree was not scanned (raise the file limit to scan it all)']);
  });

  it('stays fast on files crafted to make patterns backtrack', async () => {
    const dir = tempDir();
    write(dir, 'pom.xml', '<dependency><groupId>x</groupId>'.repeat(20_000));
    write(dir, '.github/workflows/ci.yml', `on: push\njobs:\n  x:\n    steps:\n      - run: ${'migrate -database '.repeat(40_000)}\n`);
    write(dir, '.env', `API_TOKEN=${' '.repeat(200_000)}x\n`);
    write(dir, 'Dockerfile', `FROM x\nCMD ${'flyway '.repeat(100_000)}\n`);
    const started = performance.now();
    const scanned = await scanRepository(dir);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(scanned.filesScanned).toBe(4);
  });

  it('refuses a root that is not a folder', async () => {
    await expect(scanRepository(join(tempDir(), 'nowhere'))).rejects.toThrow('cannot scan: no such folder');
  });
});
