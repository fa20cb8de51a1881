import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, cli, ROOT, tempDir } from '../helpers.js';

/** Runs the CLI with its standard output closed by the reader right away, as `| head -c 1` does. */
function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.once('data', () => child.stdout.destroy());
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

/** Starts the CLI, interrupts it once it has been running a while, and collects how it ended. */
function interrupt(args: string[], afterMs: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGINT'), afterMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('the process', () => {
  it('exits 130 on Ctrl-C (SIGINT), with one line and no stack trace', async () => {
    const tree = tempDir();
    for (let i = 0; i < 400; i++) {
      mkdirSync(join(tree, `service-${i}`));
      for (let j = 0; j < 50; j++) writeFileSync(join(tree, `service-${i}`, `file-${j}.ts`), `export const n${j} = ${j};\n`);
    }
    const run = await interrupt(['scan', tree], 250); // started, and still scanning 20,000 files
    expect(run.code).toBe(130);
    expect(run.stderr.trim()).toBe('readiness: interrupted');
  }, 30_000); // writing the 20,000 files takes seconds on a busy machine

  it('stops a long portfolio on Ctrl-C, leaving the earlier report as it was and no part files', async () => {
    const dir = tempDir();
    const example = readFileSync(join(ROOT, 'examples', 'saas-api.yaml'), 'utf8');
    for (let i = 0; i < 1000; i++) writeFileSync(join(dir, `s${i}.yaml`), example);
    writeFileSync(join(dir, 'report.json'), '{"kept": true}\n');
    const started = Date.now();
    const run = await interrupt(['audit', join(dir, '*.yaml'), '-o', `json=${join(dir, 'report.json')}`, '--quiet'], 500); // 1,000 take seconds
    expect(run.code).toBe(130);
    expect(run.stderr.trim()).toBe('readiness: interrupted');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(readFileSync(join(dir, 'report.json'), 'utf8')).toBe('{"kept": true}\n');
    expect(readdirSync(dir).filter((f) => !f.endsWith('.yaml'))).toEqual(['report.json']);
  }, 30_000);

  it('says so when the reader closes the output, and still exits with the gate result', async () => {
    const run = await runWithClosedStdout(['audit', 'examples/saas-api.yaml', '--format', 'json', '--min-score', '99', '--date', '2026-11-25']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('readiness: the output was closed before the report was complete (broken pipe)\n');
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('prints the time of each stage with --debug', () => {
    const run = cli(['--debug', 'audit', 'examples/prototype.yaml', '--quiet']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^readiness: timing: manifest \d+\.\d ms, rules \d+\.\d ms, evaluate \d+\.\d ms, render \d+\.\d ms, total \d+\.\d ms\n$/);
  });

  it('prints nothing but errors with --quiet', () => {
    const run = cli(['--quiet', 'audit', 'examples/saas-api.yaml', '--min-score', '99', '--date', '2026-11-25']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('readiness: examples/saas-api.yaml: gate min-score failed: score 77.6 < 99\n');
  });
});
