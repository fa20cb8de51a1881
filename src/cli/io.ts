import fs from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
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
    // Getters: Node sets up process.stdin and process.stderr on first use (stdin alone took
    // 1.3 ms), and an audit that succeeds reads neither.
    get stdinIsTTY() {
      return Boolean(process.stdin.isTTY);
    },
    get stderrIsTTY() {
      return Boolean(process.stderr.isTTY);
    },
    env: process.env,
    cwd: process.cwd(),
  };
}

/** A file's text, or one line saying why it cannot be read: `cannot read <what>: no such file`. */
export function readTextFile(file: string, cwd: string, what: string): string {
  try {
    return fs.readFileSync(resolve(cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code ?? (error as Error).message;
    throw new ReadinessError('io', `cannot read ${what}: ${reason}`, { file });
  }
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
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new ReadinessError('io', `cannot write: the directory ${dirname(path)} does not exist`, { file: path }, `create it first (mkdir -p ${dirname(path)})`);
  }
  if (fs.existsSync(target) && fs.statSync(target).isDirectory()) {
    throw new ReadinessError('io', 'cannot write: it is a directory', { file: path });
  }
  try {
    // said before a portfolio is audited, not after
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ReadinessError('io', `cannot write: ${code === 'EACCES' || code === 'EROFS' ? `the directory ${dirname(path)} is not writable` : code}`, { file: path });
  }
  return target;
}

/** A file to write, as the pieces of its text in order: a report of many projects is never one string. */
export interface FileToWrite {
  path: string;
  content: string | Iterable<string>;
}

/** Refuses, before any work, a file that exists (unless it may be replaced) or cannot be written. */
export function checkNewFile(path: string, cwd: string, options: { replace?: boolean; hint: string }): void {
  const target = checkWritable(path, cwd);
  if (!options.replace && fs.existsSync(target)) throw new ReadinessError('usage', 'already exists; nothing was written', { file: path }, options.hint);
}

/**
 * Writes whole files or nothing: each goes to a temporary file beside its target, and only when
 * every one is complete and flushed are they renamed into place. An interrupted or failed run
 * never leaves a half-written report or manifest behind, and a failure while writing any of them
 * leaves all the targets as they were. (write-file-atomic, used before, takes a file's content
 * only as one string.)
 */
export function writeFilesSafely(files: readonly FileToWrite[], cwd: string): void {
  const written: { temp: string; target: string; path: string }[] = [];
  try {
    for (const file of files) {
      const target = checkWritable(file.path, cwd);
      const temp = `${target}.${process.pid}-${Math.random().toString(36).slice(2, 10)}.tmp`;
      written.push({ temp, target, path: file.path });
      pendingTemps.add(temp);
      writeTemp(temp, target, file);
    }
    for (const { temp, target, path } of written) {
      try {
        fs.renameSync(temp, target);
      } catch (error) {
        throw ioFailure(path, error);
      }
      pendingTemps.delete(temp);
    }
  } finally {
    for (const { temp } of written) if (pendingTemps.delete(temp)) removeQuietly(temp);
  }
}

export function writeFileSafely(path: string, content: string, cwd: string): void {
  writeFilesSafely([{ path, content }], cwd);
}

function writeTemp(temp: string, target: string, file: FileToWrite): void {
  let fd: number | undefined;
  try {
    // a rewritten manifest keeps the permissions its owner gave it
    const mode = (fs.statSync(target, { throwIfNoEntry: false })?.mode ?? 0o666) & 0o7777;
    fd = fs.openSync(temp, 'wx', mode);
    for (const piece of typeof file.content === 'string' ? [file.content] : file.content) fs.writeSync(fd, piece);
    fs.fsyncSync(fd);
  } catch (error) {
    // the file system's refusals are the user's to fix; anything else is a bug in the rendering
    throw isSystemError(error) ? ioFailure(file.path, error) : error;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function isSystemError(error: unknown): boolean {
  return !(error instanceof ReadinessError) && typeof (error as NodeJS.ErrnoException).code === 'string';
}

function ioFailure(path: string, error: unknown): ReadinessError {
  return new ReadinessError('io', `cannot write: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { file: path });
}

/**
 * Text set aside on disk, to be read back in order: the projects' parts of a portfolio report,
 * which come after a summary that can only be written once every project is audited. Where no
 * file can be made (a read-only temporary directory), the parts are kept in memory instead.
 */
export class Spool {
  private readonly file: string;
  private readonly fd: number | undefined;
  private readonly memory: string[] = [];

  /** `forPath` names the output in an error: a full disk is the user's to fix, not a crash. */
  constructor(dir: string, private readonly forPath: string) {
    this.file = join(dir, `.readiness-${process.pid}-${Math.random().toString(36).slice(2, 10)}.part`);
    try {
      this.fd = fs.openSync(this.file, 'wx+', 0o600);
      pendingTemps.add(this.file);
    } catch {
      this.fd = undefined;
    }
  }

  write(text: string): void {
    if (!text) return;
    if (this.fd === undefined) {
      this.memory.push(text);
      return;
    }
    try {
      fs.writeSync(this.fd, text);
    } catch (error) {
      throw ioFailure(this.forPath, error);
    }
  }

  *read(): Generator<string> {
    if (this.fd === undefined) {
      yield* this.memory;
      return;
    }
    const buffer = Buffer.alloc(1 << 20);
    const decoder = new StringDecoder('utf8'); // a piece may end inside a character
    for (let position = 0, n; (n = fs.readSync(this.fd, buffer, 0, buffer.length, position)) > 0; position += n) {
      yield decoder.write(buffer.subarray(0, n));
    }
    yield decoder.end();
  }

  dispose(): void {
    if (this.fd === undefined) return;
    fs.closeSync(this.fd);
    pendingTemps.delete(this.file);
    removeQuietly(this.file);
  }
}

// Temporary files of a write in progress, removed if the process exits mid-write (Ctrl-C).
const pendingTemps = new Set<string>();
process.on('exit', () => pendingTemps.forEach(removeQuietly));

function removeQuietly(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch {
    // already gone
  }
}
