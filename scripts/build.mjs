// Bundles the CLI and the library with esbuild: one file to load at start-up is most of what
// makes `readiness audit` cost little more than starting Node itself (docs/benchmarks.md).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli/index.ts', index: 'src/index.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  sourcemap: 'linked',
  minify: true, // less to parse at every start; the source map keeps stack traces readable
  keepNames: true,
  chunkNames: 'chunks/[name]-[hash]',
  // CommonJS dependencies (ajv, write-file-atomic) expect require() and __filename: give the
  // ESM bundle both.
  banner: {
    js: [
      "import { createRequire as __readinessRequire } from 'node:module';",
      "import { fileURLToPath as __readinessPath } from 'node:url';",
      'const require = __readinessRequire(import.meta.url);',
      'const __filename = __readinessPath(import.meta.url);',
    ].join(' '),
  },
  logLevel: 'warning',
});

// The pre-parsed built-in pack (src/rules/builtin-snapshot.ts), made by running a one-off bundle.
const snapshotScript = 'dist/.build/write-builtin-snapshot.mjs';
await build({
  entryPoints: ['scripts/write-builtin-snapshot.ts'],
  outfile: snapshotScript,
  bundle: true,
  format: 'esm',
  platform: 'node',
  packages: 'external',
  logLevel: 'warning',
});
await import(pathToFileURL(snapshotScript).href);
rmSync('dist/.build', { recursive: true, force: true });

// Type declarations for the library (package.json "types"), from the TypeScript compiler itself.
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
