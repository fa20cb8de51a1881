import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, cli, ROOT } from '../helpers.js';

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

describe('the process', () => {
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
