#!/usr/bin/env node
// The published entry point: the bundled CLI in dist/ (npm run build makes it).
import { existsSync } from 'node:fs';
import module from 'node:module';

// Node 22.1 and later keep compiled code between runs, which shortens every start; Node 20 has
// no such cache and skips this (docs/benchmarks.md).
module.enableCompileCache?.();

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('readiness: not built yet: run `npm run build` (npm ci does it for you)\n');
  process.exit(2);
}
await import(cli.href);
