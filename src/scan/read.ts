import { close, constants, open, read } from 'node:fs';
import { extension } from './detect.js';
import type { SourceFile } from './types.js';
import type { ListedFile } from './walk.js';

// Reading listed files safely: as text only, bounded in size and in how many are open at once.

export interface ReadOptions {
  concurrency: number;
  maxFileBytes: number;
}

export interface ReadReport {
  /** Files over the size limit: known by name only. */
  tooLarge: string[];
  failed: { path: string; reason: string }[];
}

/** Reads each file's text, at most `concurrency` at once, and hands it to `use`; the text is not kept. */
export async function readFiles(files: readonly ListedFile[], options: ReadOptions, use: (file: SourceFile) => void): Promise<ReadReport> {
  const report: ReadReport = { tooLarge: [], failed: [] };
  await forEachBounded(files, options.concurrency, () => Buffer.allocUnsafe(options.maxFileBytes + 1), async (listed, buffer) => {
    const outcome = await readText(listed.absolute, buffer);
    if (outcome.text !== undefined) use({ path: listed.path, text: outcome.text });
    else if (outcome.reason === 'large') report.tooLarge.push(listed.path);
    else report.failed.push({ path: listed.path, reason: outcome.reason });
  });
  return report;
}

/** Known binary formats: not worth opening. */
export function isBinaryName(path: string): boolean {
  return BINARY.has(extension(path));
}

/** Runs `task` over the items, at most `limit` at once, each worker with its own scratch space. */
async function forEachBounded<T, S>(items: readonly T[], limit: number, scratch: () => S, task: (item: T, scratch: S) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    const own = scratch();
    while (next < items.length) await task(items[next++]!, own);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

const BINARY = new Set([
  'png', 'jpg', 'jpeg', 'gif', 'bmp', 'ico', 'icns', 'webp', 'tif', 'tiff', 'psd', 'pdf', 'zip', 'gz', 'tgz', 'bz2', 'xz', '7z', 'rar', 'zst',
  'jar', 'war', 'ear', 'class', 'so', 'dylib', 'dll', 'exe', 'o', 'a', 'lib', 'bin', 'pyc', 'pyo', 'woff', 'woff2', 'ttf', 'otf', 'eot',
  'mp3', 'mp4', 'm4a', 'wav', 'ogg', 'flac', 'mov', 'avi', 'mkv', 'webm', 'wasm', 'db', 'sqlite', 'sqlite3', 'p12', 'pfx', 'jks', 'keystore',
  'der', 'iso', 'dmg', 'img', 'parquet', 'avro', 'orc', 'npy', 'pkl', 'h5', 'onnx', 'pt', 'lockb',
]);

type ReadOutcome = { text: string; reason?: undefined } | { text?: undefined; reason: string };

// O_NOFOLLOW: a file swapped for a symbolic link after listing is refused, not followed out of the root.
// O_NONBLOCK: a file swapped for a FIFO cannot hang the scan.
const READ_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/**
 * A file's text, or why it was not read. Reads into the worker's buffer, one byte larger than the
 * limit, so a file too large shows itself without a stat call; callback I/O costs far less per
 * file than FileHandle.
 */
function readText(path: string, buffer: Buffer): Promise<ReadOutcome> {
  return new Promise((resolve) => {
    open(path, READ_FLAGS, (error, fd) => {
      if (error) return resolve({ reason: readError(error) });
      const done = (outcome: ReadOutcome) => close(fd, () => resolve(outcome));
      // a regular file gives all it has up to the length asked for: a short read is its end
      read(fd, buffer, 0, buffer.length, 0, (error, bytes) => {
        if (error) return done({ reason: error.code === 'EISDIR' || error.code === 'EAGAIN' ? 'not a regular file' : readError(error) });
        if (bytes === buffer.length) return done({ reason: 'large' });
        // git's own test: a NUL byte near the start means binary
        if (buffer.subarray(0, Math.min(bytes, 8000)).includes(0)) return done({ reason: 'binary content' });
        const text = buffer.toString('utf8', 0, bytes);
        done({ text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text });
      });
    });
  });
}

function readError(error: NodeJS.ErrnoException): string {
  if (error.code === 'EACCES' || error.code === 'EPERM') return 'not readable: permission denied';
  if (error.code === 'ELOOP') return 'became a symbolic link during the scan: not followed';
  if (error.code === 'ENOENT') return 'vanished during the scan';
  return `not readable: ${error.code ?? error.message}`;
}
