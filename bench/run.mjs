// npm run bench: whole-process speed and memory of the built CLI, measured side by side in one
// run so that a noisy machine shifts both sides alike. Figures go to docs/benchmarks.md.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const bin = join(import.meta.dirname, '..', 'bin', 'readiness.cjs');
const rssPreload = join(import.meta.dirname, 'report-rss.cjs');

function run(args, { measureMemory = false } = {}) {
  const env = { ...process.env, NO_COLOR: '1', ...(measureMemory && { NODE_OPTIONS: `--require=${rssPreload}` }) };
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { env, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const rss = Number(/bench:maxrss-kb=(\d+)/.exec(result.stderr ?? '')?.[1] ?? NaN) / 1024;
  return { ms, rss, status: result.status };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n, d = 1) => n.toFixed(d);

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, ${RUNS} runs each`);

// 1. A single audit against a bare Node start, interleaved.
const audit = [bin, 'audit', 'examples/saas-api.yaml', '--format', 'json', '--date', '2026-11-25'];
const bare = [];
const single = [];
run(['-e', '0']);
run(audit); // warm the file cache
for (let i = 0; i < RUNS; i++) {
  bare.push(run(['-e', '0']).ms);
  single.push(run(audit).ms);
}
const ratio = median(single) / median(bare);
console.log(`single audit: median ${fmt(median(single))} ms; node -e 0: median ${fmt(median(bare))} ms; ratio ${fmt(ratio, 2)} (goal ≤ 1.8)`);
console.log(`single audit peak memory: ${fmt(run(audit, { measureMemory: true }).rss)} MB (goal < 80 MB)`);

// 2. A portfolio of 1,000 manifests in one run.
const dir = mkdtempSync(join(tmpdir(), 'readiness-bench-'));
const examples = ['prototype', 'internal-admin', 'saas-api', 'payments-platform'].map((n) => readFileSync(`examples/${n}.yaml`, 'utf8'));
for (let i = 0; i < 1000; i++) {
  const text = examples[i % 4].replace(/^( {2}name: )(.*)$/m, `$1service-${i}`);
  writeFileSync(join(dir, `service-${String(i).padStart(4, '0')}.yaml`), text);
}
// Audited only (--quiet prints nothing), then with the report a user would keep: the text report
// on standard output, and the JSON report written to a file.
const report = join(dir, 'portfolio.json');
const variants = [
  ['audit only (--quiet)', ['--quiet']],
  ['text report to stdout', []],
  ['JSON report to a file', ['--quiet', '-o', `json=${report}`]],
];
for (const [name, extra] of variants) {
  const times = [];
  let rss = 0;
  for (let i = 0; i < Math.max(3, Math.floor(RUNS / 5)); i++) {
    const r = run([bin, 'audit', join(dir, 'service-*.yaml'), '--date', '2026-11-25', ...extra], { measureMemory: true });
    if (r.status !== 0 && r.status !== 1) throw new Error(`portfolio run failed with ${r.status}`);
    times.push(r.ms);
    rss = Math.max(rss, r.rss);
  }
  console.log(`portfolio of 1,000 manifests, ${name}: median ${fmt(median(times))} ms (goal < 1500 ms), peak memory ${fmt(rss)} MB (goal < 200 MB)`);
}
rmSync(dir, { recursive: true, force: true });

// 3. The hostile corpus: each input refused; the slowest and the hungriest.
const hostile = ['alias-bomb', 'deep-nesting', 'binary-garbage', 'duplicate-keys', 'proto-key'].map((n) => run([bin, 'audit', `test/fixtures/hostile/${n}.yaml`], { measureMemory: true }));
console.log(`hostile corpus: slowest ${fmt(Math.max(...hostile.map((h) => h.ms)))} ms (goal < 2000 ms), peak memory ${fmt(Math.max(...hostile.map((h) => h.rss)))} MB`);
