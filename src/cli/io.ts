import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type WriteFileAtomic from 'write-file-atomic';
import { ReadinessError } from '../errors.js';

/** What the CLI touches of the outside world; tests pass their own. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout / stdin are terminals: colour and interactivity depend on it. */
  stdoutIsTTY: boolean;
  stdinIsTTY: boolean;
  /** Progress lines go to stderr only when it is a terminal. */
  stderrIsTTY?: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function processIo(): CliIo {
  // `readiness audit | head`: once the reader is gone, say so once and stop writing; the audit
  // still finishes, so the exit code still tells whether the gates passed.
  let broken = false;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    if (!broken) process.stderr.write('readiness: the output was closed before the report was complete (broken pipe)\n');
    broken = true;
  });
  return {
    stdout: (text) => void (broken || process.stdout.write(text)),
    stderr: (text) => void process.stderr.write(text),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stdinIsTTY: Boolean(process.stdin.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Colour follows the terminal, overridden by NO_COLOR and FORCE_COLOR (https://no-color.org). */
export function useColor(io: CliIo): boolean {
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  return io.stdoutIsTTY && io.env.TERM !== 'dumb';
}

/** Fails early, before anything is written, when a file cannot be written where it is asked for. */
export function checkWritable(path: string, cwd: string): string {
  const target = resolve(cwd, path);
  const dir = dirname(target);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ReadinessError('io', `cannot write: the directory ${dirname(path)} does not exist`, { file: path }, `create it first (mkdir -p ${dirname(path)})`);
  }
  if (existsSync(target) && statSync(target).isDirectory()) {
    throw new ReadinessError('io', 'cannot write: it is a directory', { file: path });
  }
  return target;
}

/**
 * Writes a whole file or nothing: a temporary file beside the target, then a rename, so an
 * interrupted run never leaves a half-written report or manifest behind.
 */
export function writeFileSafely(path: string, content: string, cwd: string): void {
  const target = checkWritable(path, cwd);
  try {
    // loaded when a file is written, not by every audit that only prints
    const writeFileAtomic = createRequire(import.meta.url)('write-file-atomic') as typeof WriteFileAtomic;
    writeFileAtomic.sync(target, content, { encoding: 'utf8' });
  } catch (error) {
    throw new ReadinessError('io', `cannot write: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { file: path });
  }
}
