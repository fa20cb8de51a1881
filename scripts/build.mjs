// Builds what ships in dist/ (docs/adr/0003 and 0005):
// 1. the built-in snapshot: the rule pack parsed and the manifest's validator compiled, once;
// 2. the library (ESM, dist/index.js) and the CLI (one CommonJS file, dist/cli.cjs), both with
//    the snapshot embedded;
// 3. V8's code cache of the CLI, from one training audit, so that later starts skip compiling;
// 4. the library's type declarations.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const snapshotDir = 'dist/.build';
rmSync('dist', { recursive: true, force: true });

await build({
  entryPoints: ['scripts/write-builtin-snapshot.ts'],
  outfile: join(snapshotDir, 'write-builtin-snapshot.mjs'),
  bundle: true,
  format: 'esm',
  platform: 'node',
  packages: 'external',
  logLevel: 'warning',
});
execFileSync(process.execPath, [join(snapshotDir, 'write-builtin-snapshot.mjs'), snapshotDir], { stdio: 'inherit' });

/** Puts the generated snapshot module where the source has an empty one. */
const embedSnapshot = {
  name: 'embed-builtin-snapshot',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]rules[\\/]bundled-snapshot\.ts$/ }, () => ({
      contents: readFileSync(join(snapshotDir, 'bundled-snapshot.js'), 'utf8'),
      resolveDir: snapshotDir,
      loader: 'js',
    }));
  },
};

/**
 * Escapes the non-ASCII characters of dependencies (esbuild escapes them in strings but not in
 * regular expressions): a single one makes V8 hold the whole bundle as a two-byte string, which
 * is slower to read and to start from (bin/readiness.cjs reads it as Latin-1).
 */
const asciiOnly = {
  name: 'ascii-only',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/].*\.[cm]?js$/ }, ({ path }) => {
      const text = readFileSync(path, 'utf8');
      if (!/[^\0-\x7f]/.test(text)) return undefined;
      return { contents: text.replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`), loader: 'js' };
    });
  },
};

/**
 * Commander requires child_process at load, for subcommands that are separate executables, which
 * readiness has none of; loading it cost 2 ms of every start. It now loads on first use.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, ({ importer }) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(importer) ? { path: 'child_process', namespace: 'lazy-builtin' } : undefined);
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_, key) => require('node:child_process')[key] });",
      loader: 'js',
    }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20.19',
  sourcemap: 'linked',
  // Less to parse at every start. Names are not kept: esbuild's keepNames names every closure as
  // it is made, about a tenth of a portfolio's time; --debug maps stack traces through the source
  // map instead.
  minify: true,
  plugins: [embedSnapshot, asciiOnly, lazyChildProcess],
  logLevel: 'warning',
};

// The library, for `import ... from 'readiness'`: ESM, its renderers split out and loaded on use.
await build({
  ...common,
  entryPoints: { index: 'src/index.ts' },
  outdir: 'dist',
  splitting: true,
  format: 'esm',
  chunkNames: 'chunks/[name]-[hash]',
  // CommonJS dependencies (ajv) expect require() and __filename.
  banner: {
    js: [
      "import { createRequire as __readinessRequire } from 'node:module';",
      "import { fileURLToPath as __readinessPath } from 'node:url';",
      'const require = __readinessRequire(import.meta.url);',
      'const __filename = __readinessPath(import.meta.url);',
    ].join(' '),
  },
});

// The CLI: one CommonJS script, because Node 20 can keep V8's compiled code only for scripts
// (vm.Script cachedData), not for ES modules. What a command does not need (the interview's
// prompts, the HTML renderer, the scanner) is still evaluated only when that command runs.
await build({
  ...common,
  entryPoints: ['src/cli/index.ts'],
  outfile: 'dist/cli.cjs',
  format: 'cjs',
  define: { 'import.meta.url': '__readinessUrl' },
  banner: { js: "var __readinessUrl = require('node:url').pathToFileURL(__filename).href;" },
});

if (/[^\0-\x7f]/.test(readFileSync('dist/cli.cjs', 'latin1'))) throw new Error('dist/cli.cjs is not ASCII: see the ascii-only plugin');

// V8's code cache for the CLI, written by bin/readiness.cjs at the end of a training audit.
execFileSync(process.execPath, ['bin/readiness.cjs', 'audit', 'examples/saas-api.yaml', '--format', 'text', '-o', `json=${join(snapshotDir, 'training.json')}`], {
  stdio: 'ignore',
  env: { ...process.env, READINESS_WRITE_CODE_CACHE: '1', NO_COLOR: '1' },
});
rmSync(snapshotDir, { recursive: true, force: true });

// Type declarations for the library (package.json "types"), from the TypeScript compiler itself.
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
