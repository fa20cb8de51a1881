import { realpath, readdir, readFile, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import ignore from 'ignore';

/** A regular file to read: its path relative to the root, and where it really is. */
export interface ListedFile {
  path: string;
  absolute: string;
}

export interface Listing {
  files: ListedFile[];
  /** Folders left out by name (`.git`, `node_modules`…), relative to the root. */
  excludedDirs: string[];
  skipped: { path: string; reason: string }[];
  limits: string[];
}

export interface ListOptions {
  maxFiles: number;
  onProgress?: (listed: number) => void;
}

/** Folders that never describe the project itself: its history, installed packages, build output, caches, samples. */
const EXCLUDED: Record<string, string> = {
  ...Object.fromEntries(['.git', '.hg', '.svn'].map((n) => [n, 'version control data'])),
  ...Object.fromEntries(['node_modules', 'bower_components', 'vendor', '.venv', 'venv', '.tox', 'site-packages', '.bundle', 'Pods'].map((n) => [n, 'installed dependencies'])),
  ...Object.fromEntries(['dist', 'build', 'target', 'obj', '.next', '.nuxt', '.gradle', '.terraform', '__pycache__', 'coverage', '.cache', '.pytest_cache', '.mypy_cache'].map((n) => [n, 'build output or cache'])),
  ...Object.fromEntries(['fixtures', '__fixtures__', 'testdata'].map((n) => [n, 'test fixtures: sample files, not the project\'s own configuration'])),
};

const MAX_SKIPPED = 1000;
const MAX_GITIGNORE_BYTES = 1024 * 1024;

interface Rules {
  base: string;
  matcher: ignore.Ignore;
}

/**
 * Lists the regular files under a root, depth first and sorted, so a cut by `maxFiles` is the
 * same on every run. Symbolic links are followed only while they stay inside the root; each real
 * folder and file is visited once, which also ends link loops. Sockets, FIFOs and devices are
 * never listed: opening a FIFO would block forever.
 */
export async function listFiles(root: string, options: ListOptions): Promise<Listing> {
  const realRoot = await realpath(root);
  const listing: Listing = { files: [], excludedDirs: [], skipped: [], limits: [] };
  const seenDirs = new Set<string>([realRoot]);
  const seenFiles = new Set<string>();
  let skippedBeyondCap = 0;
  let full = false;

  const skip = (path: string, reason: string) => {
    if (listing.skipped.length < MAX_SKIPPED) listing.skipped.push({ path, reason });
    else skippedBeyondCap++;
  };
  const inside = (real: string) => real === realRoot || real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep);

  const visit = async (dir: string, realDir: string, rules: readonly Rules[]): Promise<void> => {
    let entries;
    try {
      entries = await readdir(realDir, { withFileTypes: true });
    } catch (error) {
      skip(dir || '.', `folder not readable: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const gitignore = entries.find((e) => e.name === '.gitignore' && e.isFile());
    if (gitignore) rules = [...rules, { base: dir, matcher: await readGitignore(join(realDir, '.gitignore')) }];

    for (const entry of entries) {
      if (full) return;
      const path = dir ? `${dir}/${entry.name}` : entry.name;
      let real = join(realDir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          real = await realpath(real);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          skip(path, code === 'ELOOP' ? 'symbolic link loop' : 'broken symbolic link');
          continue;
        }
        if (!inside(real)) {
          skip(path, 'symbolic link to outside the scanned folder: not followed');
          continue;
        }
        const target = await stat(real).catch(() => undefined);
        isDir = target?.isDirectory() ?? false;
        isFile = target?.isFile() ?? false;
      }
      if (isDir) {
        const excluded = EXCLUDED[entry.name];
        if (excluded) {
          listing.excludedDirs.push(path);
          skip(path, excluded);
        } else if (ignored(rules, path, true)) {
          skip(path, 'ignored by .gitignore');
        } else if (seenDirs.has(real)) {
          skip(path, 'already scanned through another path (a symbolic link loop or alias)');
        } else {
          seenDirs.add(real);
          await visit(path, real, rules);
        }
      } else if (isFile) {
        if (entry.name === '.git') listing.excludedDirs.push(path);
        if (entry.name === '.git' || ignored(rules, path, false) || seenFiles.has(real)) continue;
        seenFiles.add(real);
        listing.files.push({ path, absolute: real });
        if (listing.files.length % 2000 === 0) options.onProgress?.(listing.files.length);
        if (listing.files.length >= options.maxFiles) {
          full = true;
          listing.limits.push(`stopped listing after ${options.maxFiles} files: the rest of the tree was not scanned (raise the file limit to scan it all)`);
        }
      }
      // sockets, FIFOs and devices are not files to read
    }
  };

  await visit('', realRoot, []);
  if (skippedBeyondCap > 0) listing.limits.push(`${skippedBeyondCap} more skipped paths are not listed`);
  options.onProgress?.(listing.files.length);
  return listing;
}

async function readGitignore(file: string): Promise<ignore.Ignore> {
  const matcher = ignore();
  try {
    const text = await readFile(file, 'utf8');
    matcher.add(text.length > MAX_GITIGNORE_BYTES ? text.slice(0, MAX_GITIGNORE_BYTES) : text);
  } catch {
    // an unreadable .gitignore ignores nothing
  }
  return matcher;
}

/** Git's precedence: a deeper .gitignore overrides a shallower one, a later rule an earlier one. */
function ignored(rules: readonly Rules[], path: string, isDir: boolean): boolean {
  let result = false;
  for (const { base, matcher } of rules) {
    const relative = base ? path.slice(base.length + 1) : path;
    const outcome = matcher.test(isDir ? `${relative}/` : relative);
    if (outcome.ignored) result = true;
    else if (outcome.unignored) result = false;
  }
  return result;
}
