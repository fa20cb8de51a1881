import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatError, ReadinessError } from '../../src/index.js';
import { auditFixture, cli, FIXTURES, tempDir } from '../helpers.js';

const head = 'version: 1\nproject: {name: shop, profile: internal}\nsecurity: {a: true, b: false}\nobservability: {c: true, has_ui: false}\n' +
  'dependencies: [{name: x, timeout_ms: 100}]\n';

describe('disable and overrides in the manifest', () => {
  it('shows a disabled rule as not applicable with its reason, outside the score', () => {
    const a = auditFixture(`${head}disable:\n  - {rule: SEC-002, reason: no second factor exists for this kiosk}\n`);
    const result = a.results.find((r) => r.id === 'SEC-002')!;
    expect(result.status).toBe('not_applicable');
    expect(result.reason).toBe('disabled in the manifest: no second factor exists for this kiosk');
    expect(result.adjustment).toEqual({ disabled: true, reason: 'no second factor exists for this kiosk' });
    expect(a.score).toBe(100); // SEC-001 8 + OBS-001 2 + RES-001 4, all pass
  });

  it('re-weighs an overridden rule and keeps the original values beside the new ones', () => {
    const a = auditFixture(`${head}overrides:\n  - {rule: SEC-002, severity: low, level: 3, reason: B is a nice-to-have for us}\n`);
    const result = a.results.find((r) => r.id === 'SEC-002')!;
    expect([result.severity, result.level, result.inScope]).toEqual(['low', 3, false]);
    expect(result.adjustment).toEqual({ severity: { from: 'high', to: 'low' }, level: { from: 2, to: 3 }, reason: 'B is a nice-to-have for us' });
    expect(a.achieved.level).toBe(2);
  });

  it('rejects an adjustment of a rule that does not exist, with its line and a suggestion', () => {
    let line = '';
    try {
      auditFixture(`${head}disable:\n  - {rule: RES-010, reason: r}\n`);
    } catch (error) {
      line = formatError(error as ReadinessError);
    }
    expect(line).toBe('readiness: readiness.yaml:7:12: disable: no rule RES-010 is loaded; did you mean RES-001?');
  });

  it('adds the packs a manifest extends, relative to the manifest, and the report names them', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'svc'));
    writeFileSync(join(dir, 'svc', 'readiness.yaml'), `version: 1
project: {name: svc, profile: internal}
extends: [${relative(join(dir, 'svc'), join(FIXTURES, 'packs', 'custom'))}]
context: {public_endpoints: true}
operations: {acme_catalog_entry: false}
disable:
  - {rule: OPS-001, reason: documentation lives in the platform wiki}
`);
    const run = cli(['audit', join(dir, 'svc', 'readiness.yaml'), '--format', 'json', '--date', '2026-11-25']);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as { packs: { name: string }[]; results: { id: string; status: string; reason?: string }[] };
    expect(report.packs.map((p) => p.name)).toEqual(['readiness-core', 'acme-platform']);
    expect(report.results.find((r) => r.id === 'ACME-001')!.status).toBe('fail');
    expect(report.results.find((r) => r.id === 'OPS-001')!.reason).toBe('disabled in the manifest: documentation lives in the platform wiki');
    const text = cli(['audit', join(dir, 'svc', 'readiness.yaml'), '--date', '2026-11-25']).stdout;
    expect(text).toContain('Rules adjusted by the manifest');
    expect(text).toContain('OPS-001  disabled: documentation lives in the platform wiki');
  });
});
