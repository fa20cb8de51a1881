import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditManifest, loadManifest, loadRuleSet, renderPortfolio, REPORT_FORMATS, type Portfolio } from '../../src/index.js';
import { cli, ROOT, tempDir } from '../helpers.js';

const DATE = ['--date', '2026-11-25'];

describe('a portfolio of manifests', () => {
  it('audits a glob of manifests into one summary, then each project, and gates every project', () => {
    const run = cli(['audit', 'examples/*.yaml', '--min-level', 'target', ...DATE]);
    expect(run.code).toBe(1); // three of the four are below their target
    const summary = run.stdout.split('─'.repeat(10))[0]!;
    expect(summary).toContain('readiness · portfolio of 4 projects');
    expect(summary).toMatch(/idea-board-prototype\s+prototype\s+100\s+1\/1 ✓\s+100%\s+-/);
    expect(summary).toMatch(/payments-platform\s+critical\s+94\.7\s+2\/4 ✗\s+99\.7%\s+REC-007 ledger-postgres gate failed/);
    expect(run.stdout.match(/^readiness · .* profile · examples\//gm)).toHaveLength(4);
  });

  it('passes when every project passes its gate', () => {
    expect(cli(['audit', 'examples/prototype.yaml', 'examples/payments-platform.yaml', '--min-score', '90', ...DATE]).code).toBe(0);
  });

  it('reports a bad manifest, still audits the others, and exits 2 at the end', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'broken.yaml'), 'version: 1\nproject: {name: x, profile: prototype}\nsecurty: {}\n');
    const run = cli(['audit', 'examples/prototype.yaml', join(dir, 'broken.yaml'), '--format', 'json', ...DATE]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`readiness: ${join(dir, 'broken.yaml')}:3:1: unknown key "securty"; did you mean "security"?\n`);
    const portfolio = JSON.parse(run.stdout) as { assessments: { project: { name: string } }[]; errors: { file: string }[] };
    expect(portfolio.assessments.map((a) => a.project.name)).toEqual(['idea-board-prototype']);
    expect(portfolio.errors.map((e) => e.file)).toEqual([join(dir, 'broken.yaml')]);
  });

  it('writes each rule\'s text once in a JSON portfolio, and a single report of a project matches its portfolio entry', () => {
    const run = cli(['audit', 'examples/*.yaml', '--format', 'json', ...DATE]);
    const portfolio = JSON.parse(run.stdout) as { assessments: { project: { name: string }; results: Record<string, unknown>[] }[]; rules: Record<string, { remediation: string }> };
    expect(Object.keys(portfolio).sort()).toEqual(['assessments', 'errors', 'generatedAt', 'reportVersion', 'rules']);
    const results = portfolio.assessments.flatMap((a) => a.results);
    expect(results.filter((r) => 'remediation' in r || 'rationale' in r || 'references' in r)).toEqual([]);
    expect(Object.keys(portfolio.rules).sort()).toEqual([...new Set(results.map((r) => r.id as string))].sort());

    const single = JSON.parse(cli(['audit', 'examples/saas-api.yaml', '--format', 'json', ...DATE]).stdout) as { results: (Record<string, unknown> & { id: string })[] };
    const entry = portfolio.assessments.find((a) => a.project.name === 'invoicing-api')!;
    expect(entry.results).toEqual(single.results.map(({ rationale, remediation, levelReason, references, ...rest }) => rest));
    expect(single.results.map((r) => r.remediation)).toEqual(single.results.map((r) => portfolio.rules[r.id]!.remediation));
  });

  it('prints, in every format, the same report as the library renders from the whole portfolio', async () => {
    const ruleSet = loadRuleSet();
    const now = new Date('2026-11-25T00:00:00Z');
    const files = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.yaml')).sort().map((f) => `examples/${f}`);
    const whole: Portfolio = {
      reportVersion: 1,
      generatedAt: now.toISOString(),
      assessments: files.map((f) => auditManifest(loadManifest(f, ruleSet, { now }), ruleSet, { now })),
      errors: [],
    };
    for (const format of REPORT_FORMATS) {
      expect(cli(['audit', 'examples/*.yaml', '--format', format, ...DATE]).stdout).toBe(await renderPortfolio(whole, format));
    }
  });

  it('says when a glob matches nothing', () => {
    const run = cli(['audit', 'nowhere/*/readiness.yaml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('readiness: no manifest matches nowhere/*/readiness.yaml\n');
  });
});

describe('a baseline comparison', () => {
  const dir = tempDir();
  const baseline = join(dir, 'baseline.json');
  const changed = join(dir, 'saas-api.yaml');
  // later: a circuit breaker and kill switches arrive, and the runbooks are lost
  writeFileSync(changed, readFileSync(join(ROOT, 'examples', 'saas-api.yaml'), 'utf8')
    .replace('    circuit_breaker: false\n    fallback: none', '    circuit_breaker: true\n    fallback: none')
    .replace('kill_switches: false', 'kill_switches: true')
    .replace('  runbooks: true', '  runbooks: false'));

  it('shows the change in score, level and category, rules newly failing and newly fixed', () => {
    expect(cli(['audit', 'examples/saas-api.yaml', '--format', 'json', '-o', `json=${baseline}`, ...DATE]).code).toBe(0);
    const run = cli(['audit', changed, '--baseline', baseline, '--format', 'json', ...DATE]);
    expect(run.code).toBe(0);
    const b = (JSON.parse(run.stdout) as { baseline: Record<string, unknown> }).baseline;
    expect(b.score).toEqual({ before: 77.6, after: 78.1, delta: 0.5 });
    expect(b.level).toEqual({ before: 1, after: 1 });
    expect(b.newlyFailing).toEqual([{ ruleId: 'OPS-010', title: expect.any(String) }]);
    expect(b.newlyFixed).toEqual([
      { ruleId: 'RES-008', item: 'payment-processor', title: expect.any(String) },
      { ruleId: 'LOAD-018', title: expect.any(String) },
    ]);
    expect((b.categories as { id: string; delta: number | null }[]).filter((c) => c.delta).map((c) => [c.id, c.delta]))
      .toEqual([['resilience', 6.8], ['operations', -5.4]]);
    expect(b.packChanges).toEqual([]);
    expect(b.regressed).toBe(true);
  });

  it('takes a JSON portfolio as the baseline, matching each project by name', () => {
    const portfolio = join(dir, 'portfolio.json');
    cli(['audit', 'examples/*.yaml', '--format', 'json', '-o', `json=${portfolio}`, ...DATE]);
    const run = cli(['audit', changed, '--baseline', portfolio, '--format', 'json', ...DATE]);
    expect(run.code).toBe(0);
    const b = (JSON.parse(run.stdout) as { baseline: Record<string, unknown> }).baseline;
    expect(b.score).toEqual({ before: 77.6, after: 78.1, delta: 0.5 });
    expect(b.newlyFailing).toEqual([{ ruleId: 'OPS-010', title: expect.any(String) }]);
  });

  it('fails --no-regression on any drop and says what dropped', () => {
    const run = cli(['audit', changed, '--baseline', baseline, '--no-regression', ...DATE]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✗ gate no-regression: operations 94.6 → 89.2; newly failing: OPS-010');
    expect(cli(['audit', 'examples/saas-api.yaml', '--baseline', baseline, '--no-regression', ...DATE]).code).toBe(0);
  });

  it('calls out a changed rule-pack version, so a drop caused by new rules is told apart', () => {
    const old = JSON.parse(readFileSync(baseline, 'utf8')) as { packs: { version: string }[] };
    old.packs[0]!.version = '0.0.9';
    const oldFile = join(dir, 'old-rules.json');
    writeFileSync(oldFile, JSON.stringify(old));
    const run = cli(['audit', 'examples/saas-api.yaml', '--baseline', oldFile, ...DATE]);
    expect(run.stdout).toContain('rule pack readiness-core 0.0.9 → 0.1.0: part of the change may come from the rules, not the project');
  });

  it('refuses a baseline that is not a readiness report, and --no-regression without one', () => {
    writeFileSync(join(dir, 'junk.json'), '{"hello": ');
    const junk = cli(['audit', 'examples/saas-api.yaml', '--baseline', join(dir, 'junk.json')]);
    expect(junk.code).toBe(2);
    expect(junk.stderr).toMatch(/junk\.json(:1:\d+)?: is not JSON/);
    const none = cli(['audit', 'examples/saas-api.yaml', '--no-regression']);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe('readiness: --no-regression needs --baseline <earlier report.json>\n');
  });
});
