import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditManifest, buildRuleSet, loadRulePack, parseManifest, type AuditOptions } from '../src/index.js';

export const ROOT = join(import.meta.dirname, '..');
export const FIXTURES = join(ROOT, 'test', 'fixtures');
export const BIN = join(ROOT, 'bin', 'readiness.cjs');
export const TODAY = new Date('2026-11-25T00:00:00Z');

export const scoringPack = () => buildRuleSet([loadRulePack(join(FIXTURES, 'packs', 'scoring'))]);

/** Audits manifest text with the hand-computable scoring fixture pack. */
export function auditFixture(yaml: string, options: Partial<AuditOptions> = {}) {
  const ruleSet = scoringPack();
  const manifest = parseManifest(yaml, 'readiness.yaml', ruleSet, { now: options.now ?? TODAY });
  return auditManifest(manifest, ruleSet, { now: TODAY, ...options });
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a subprocess, as CI would, without a terminal. */
export function cli(args: string[], options: { cwd?: string; env?: Record<string, string>; input?: string } = {}): CliRun {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...options.env } as NodeJS.ProcessEnv,
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'readiness-test-'));
}

export { execFileSync };

/** A copy of the built package (bin, dist, rules, examples), to change without touching the real one. */
export function copyOfInstall(): string {
  const dir = tempDir();
  for (const part of ['bin', 'dist', 'rules', 'examples', 'package.json']) cpSync(join(ROOT, part), join(dir, part), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

const IS_ROOT = process.getuid?.() === 0;
let readableInstall: string | undefined;

/**
 * The built package where any user can read it: the package itself, or as root a copy in a
 * world-readable folder, since the tests then run the CLI as the user nobody (see below).
 */
export function installReadableByAll(): string {
  if (!IS_ROOT) return ROOT;
  if (!readableInstall) {
    readableInstall = copyOfInstall();
    chmodSync(readableInstall, 0o755);
  }
  return readableInstall;
}

/**
 * Whether permission errors can be tested: root reads and writes anything, so as root the CLI is
 * run as the user nobody (runuser, from util-linux); where that cannot work, such tests are skipped.
 */
export function permissionsTestable(): boolean {
  if (!IS_ROOT) return true;
  const probe = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, join(installReadableByAll(), 'bin', 'readiness.cjs'), '--version']);
  return probe.status === 0;
}

/** Runs the built CLI as a user without root's rights. What it must read must be readable by all. */
export function cliWithoutRoot(args: string[], options: { cwd: string; env?: Record<string, string> }): CliRun {
  const bin = join(installReadableByAll(), 'bin', 'readiness.cjs');
  const command = [...(IS_ROOT ? ['runuser', '-u', 'nobody', '--'] : []), process.execPath, bin, ...args];
  const result = spawnSync(command[0]!, command.slice(1), {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...options.env } as NodeJS.ProcessEnv,
    input: '',
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
