#!/usr/bin/env node
// The published entry point. It runs the bundled CLI, dist/cli.cjs, with the V8 code cache that
// the build made beside it, because compiling the CLI's JavaScript is a large part of an audit's
// start-up and Node 20 keeps no such cache itself (docs/adr/0005-code-cache.md).
'use strict';
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname, join } = require('node:path');
const vm = require('node:vm');

const cli = join(__dirname, '..', 'dist', 'cli.cjs');
if (!existsSync(cli)) {
  process.stderr.write('readiness: not built yet: run `npm run build` (npm ci does it for you)\n');
  process.exit(2);
}
// Compiled code fits only the Node build that made it; V8 checks the rest and, on any mismatch,
// quietly compiles from source.
const cacheFile = `${cli}.${process.version}-${process.arch}.cache`;
const training = process.env.READINESS_WRITE_CODE_CACHE === '1'; // set by scripts/build.mjs only
const debug = process.argv.includes('--debug');
if (debug || (!training && !existsSync(cacheFile))) {
  // Loaded plainly: for --debug, so that stack traces point into the TypeScript source (V8 maps
  // them only for modules Node loads itself); without a cache for this Node build, because it was
  // made by another version, in which case Node 22.1 and later keep a compile cache of their own.
  if (debug) process.setSourceMapsEnabled(true);
  Module.enableCompileCache?.();
  require(cli);
} else {
  // The build keeps the bundle ASCII, so Latin-1 reads it unchanged and skips UTF-8 decoding.
  const script = new vm.Script(Module.wrap(readFileSync(cli, 'latin1')), {
    filename: cli,
    cachedData: training ? undefined : readFileSync(cacheFile),
  });
  // After the run, the cache holds every function the audit compiled, not only the top level.
  if (training) process.once('exit', () => writeFileSync(cacheFile, script.createCachedData()));
  const cliModule = { exports: {} };
  script.runInThisContext()(cliModule.exports, Module.createRequire(cli), cliModule, cli, dirname(cli));
}
