import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, FIXTURES, tempDir } from '../helpers.js';

interface Report {
  evidence: { root: string; facts: { path: string; status: string; declared: unknown; detected?: unknown; evidence: { file: string; line: number }[] }[]; filled: { path: string; value: unknown; at?: unknown }[] };
  results: { id: string; status: string; location?: { origin: string; file: string; line: number } }[];
}

/** Audits a manifest written in a temp folder against the evidence of a fixture repository. */
function auditWithScan(manifest: string, fixture: string, format = 'json') {
  const dir = tempDir();
  writeFileSync(join(dir, 'readiness.yaml'), `version: 1\nproject: {name: orders-api, profile: production}\n${manifest}`);
  return cli(['audit', join(dir, 'readiness.yaml'), '--scan', join(FIXTURES, 'scan', fixture), '--format', format, '--date', '2026-11-25']);
}

const claims = `context: {stores_data: true, runtime: containers}
dependencies:
  - {name: payment-gateway, critical: true, circuit_breaker: true, timeout_ms: 2000}
observability: {tracing: otel}
`;

describe('audit --scan', () => {
  it('reports a claimed circuit breaker over a repository without one as unverified', () => {
    const report = JSON.parse(auditWithScan(claims, 'rust').stdout) as Report; // no breaker library or wrapper
    expect(report.evidence.facts.find((f) => f.path === 'dependencies[0].circuit_breaker')).toMatchObject({ status: 'unverified', declared: true });
    const withBreaker = JSON.parse(auditWithScan(claims, 'go').stdout) as Report; // gobreaker wraps a call
    expect(withBreaker.evidence.facts.find((f) => f.path === 'dependencies[0].circuit_breaker')).toMatchObject({ status: 'confirmed' });
  });

  it('confirms a claim the repository backs, with the file and line that show it', () => {
    const report = JSON.parse(auditWithScan(claims, 'go').stdout) as Report;
    const tracing = report.evidence.facts.find((f) => f.path === 'observability.tracing')!;
    expect(tracing).toMatchObject({ status: 'confirmed', declared: 'otel', detected: 'otel' });
    expect(tracing.evidence[0]).toMatchObject({ file: 'go.mod', line: expect.any(Number) });
  });

  it('reports a contradiction as a finding in the text report', () => {
    const run = auditWithScan(claims, 'npm', 'text');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Evidence from .*scan\/npm \(\d+ files\): \d+ confirmed, \d+ unverified, 1 contradicted/);
    expect(run.stdout).toContain('✗ contradicted dependencies[0].timeout_ms: declared 2000, the repository shows 0');
    expect(run.stdout).toMatch(/src\/clients\.js:\d+ {2}axios\.get without timeout/);
  });

  it('fills what the manifest left unknown, and the finding points at the file that showed it', () => {
    const report = JSON.parse(auditWithScan(claims, 'go').stdout) as Report;
    expect(report.evidence.filled.map((f) => f.path)).toContain('resilience.graceful_shutdown');
    const shutdown = report.results.find((r) => r.id === 'RES-015'); // checks resilience.graceful_shutdown
    expect(shutdown?.location).toMatchObject({ origin: 'scan', file: expect.stringMatching(/\.(go|mod|ya?ml|sql|Dockerfile)$|Dockerfile$/) });
    // signal.NotifyContext(..., syscall.SIGTERM) in the fixture's main.go
    expect(shutdown).toMatchObject({ status: 'pass' });
    expect(shutdown!.location).toEqual({ origin: 'scan', file: 'cmd/server/main.go', line: 28 });
    expect(report.evidence.filled.find((f) => f.path === 'resilience.graceful_shutdown')).toEqual({ path: 'resilience.graceful_shutdown', value: true, at: shutdown!.location });
  });
});

describe('every format shows the evidence and where each fact came from', () => {
  it('SARIF reports the contradiction at the manifest line, JUnit fails it, Markdown and HTML list it', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'readiness.yaml'), `version: 1\nproject: {name: orders-api, profile: production}\n${claims}`);
    const out = (ext: string) => join(dir, `report.${ext}`);
    const run = cli(['audit', join(dir, 'readiness.yaml'), '--scan', join(FIXTURES, 'scan', 'npm'), '--quiet', '--date', '2026-11-25',
      '-o', `sarif=${out('sarif')}`, '-o', `junit=${out('xml')}`, '-o', `markdown=${out('md')}`, '-o', `html=${out('html')}`]);
    expect(run.stderr).toBe('');
    const sarif = JSON.parse(readFileSync(out('sarif'), 'utf8')) as { runs: { results: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[]; relatedLocations?: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    const contradiction = sarif.runs[0]!.results.find((r) => r.ruleId === 'evidence/contradicted')!;
    expect(contradiction.locations[0]!.physicalLocation.region.startLine).toBe(5); // the dependencies line of the manifest
    expect(contradiction.relatedLocations![0]!.physicalLocation.artifactLocation.uri).toMatch(/scan\/npm\/src\/clients\.js$/);
    expect(readFileSync(out('xml'), 'utf8')).toMatch(/<testcase name="evidence dependencies\[0\]\.timeout_ms"[^>]*>\s*<failure[^>]*type="contradicted"/);
    const markdown = readFileSync(out('md'), 'utf8');
    expect(markdown).toContain('## Evidence from the repository');
    expect(markdown).toMatch(/\| contradicted \| dependencies\\\[0\\\]\.timeout\\_ms \| 2000 \| 0 \(medium\) \| src\/clients\.js:\d+ axios\.get without timeout/);
    const html = readFileSync(out('html'), 'utf8');
    expect(html).toContain('id="evidence"');
    expect(html).toContain('<tr><td><span class="badge status-fail">contradicted</span></td><td class="nowrap">dependencies[0].timeout_ms</td>' +
      '<td>2000</td><td>0 (medium)</td><td class="evidence">src/clients.js:9 axios.get without timeout (axios waits forever by default)</td></tr>');
  });

  it('a portfolio\'s SARIF cites the contradiction rule, listed last, from every project that has one', () => {
    const dir = tempDir();
    for (const name of ['a', 'b']) writeFileSync(join(dir, `${name}.yaml`), `version: 1\nproject: {name: ${name}, profile: production}\n${claims}`);
    const run = cli(['audit', join(dir, '*.yaml'), '--scan', join(FIXTURES, 'scan', 'npm'), '--format', 'sarif', '--date', '2026-11-25']);
    const sarif = JSON.parse(run.stdout) as { runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    const { rules } = sarif.runs[0]!.tool.driver;
    const contradictions = sarif.runs[0]!.results.filter((r) => r.ruleId === 'evidence/contradicted');
    expect(contradictions.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri.split('/').pop())).toEqual(['a.yaml', 'b.yaml']);
    expect(rules.at(-1)!.id).toBe('evidence/contradicted');
    for (const r of sarif.runs[0]!.results) expect(rules[r.ruleIndex]!.id).toBe(r.ruleId);
  });
});
