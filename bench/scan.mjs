// Benchmark of `readiness scan`: generates a tree of 100,000 files in a temporary folder, scans it
// several times, prints the median, and removes the tree. Run after `node scripts/build.mjs`:
//   node bench/scan.mjs [files=100000] [runs=5]
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const FILES = Number(process.argv[2] ?? 100_000);
const RUNS = Math.max(3, Number(process.argv[3] ?? 5));

/** The library's scanRepository, or, until dist/index.js exports it, a bundle of src/scan built the same way. */
async function loadScanner(work) {
  const library = await import(pathToFileURL(join(ROOT, 'dist', 'index.js')).href).catch(() => ({}));
  if (typeof library.scanRepository === 'function') return { scanRepository: library.scanRepository, from: 'dist/index.js' };
  const outfile = join(work, 'scan.mjs');
  await build({
    entryPoints: [join(ROOT, 'src', 'scan', 'scan.ts')], outfile, bundle: true, format: 'esm', platform: 'node', target: 'node20.19',
    banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" }, logLevel: 'warning',
  });
  return { scanRepository: (await import(pathToFileURL(outfile).href)).scanRepository, from: 'an esbuild bundle of src/scan/scan.ts' };
}

/** A monorepo-like tree: services with manifests, CI, Kubernetes, migrations, and mostly source files. */
function generate(root, count) {
  const source = (i) => `import { handler${i % 7} } from './lib.js';\n\nexport async function route${i}(request) {\n  const result = await handler${i % 7}(request.body);\n  return { status: 200, body: result, id: ${i} };\n}\n`.repeat(8);
  const files = {
    'package.json': '{ "name": "svc", "dependencies": { "pino": "^9.0.0", "opossum": "^8.0.0", "axios": "^1.7.0" } }\n',
    'package-lock.json': '{ "lockfileVersion": 3, "packages": {} }\n',
    Dockerfile: 'FROM node:20-alpine\nUSER node\nHEALTHCHECK CMD wget -qO- localhost:8080/healthz\nCMD ["node", "index.js"]\n',
    'k8s/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: svc\n          image: svc:1.0.0\n          livenessProbe: { httpGet: { path: /healthz, port: 8080 } }\n',
    'migrations/0001_init.up.sql': 'CREATE TABLE t (id bigint);\n',
    'migrations/0001_init.down.sql': 'DROP TABLE t;\n',
  };
  let written = 0;
  const write = (path, text) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
    written++;
  };
  write('.github/workflows/ci.yml', 'on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n');
  for (let service = 0; written < count; service++) {
    for (const [path, text] of Object.entries(files)) if (written < count) write(`services/s${service}/${path}`, text);
    for (let dir = 0; dir < 20 && written < count; dir++) {
      for (let file = 0; file < 50 && written < count; file++) write(`services/s${service}/src/m${dir}/f${file}.ts`, source(file));
    }
  }
  return written;
}

const BUDGET_MS = Number(process.env.SCAN_BUDGET_MS ?? 5000);
const work = mkdtempSync(join(tmpdir(), 'readiness-bench-'));
try {
  const tree = join(work, 'tree');
  const { scanRepository, from } = await loadScanner(work);
  let started = performance.now();
  const written = generate(tree, FILES);
  console.log(`generated ${written.toLocaleString('en-US')} files in ${((performance.now() - started) / 1000).toFixed(1)} s; scanning with ${from}`);
  const times = [];
  let result;
  for (let run = 0; run < RUNS; run++) {
    started = performance.now();
    result = await scanRepository(tree);
    times.push(performance.now() - started);
    console.log(`run ${run + 1}: ${(times.at(-1) / 1000).toFixed(2)} s`);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`median of ${RUNS} runs: ${(median / 1000).toFixed(2)} s for ${result.filesScanned.toLocaleString('en-US')} files ` +
    `(${Math.round(result.filesScanned / (median / 1000)).toLocaleString('en-US')} files/s), ${result.facts.length} facts, limits: ${result.limits.length === 0 ? 'none' : result.limits.join('; ')}; ` +
    `peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB; Node ${process.version}, ${(await import('node:os')).cpus().length} CPUs`);
  // the budget recorded in docs/benchmarks.md: "a few seconds" on this machine's two cores
  if (median > BUDGET_MS) {
    console.error(`the scan took ${(median / 1000).toFixed(2)} s, over its budget of ${BUDGET_MS / 1000} s (docs/benchmarks.md)`);
    process.exitCode = 1;
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
