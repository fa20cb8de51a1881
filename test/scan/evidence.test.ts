import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { reconcileEvidence, type FactEvidence } from '../../src/facts/evidence.js';
import { parseManifest } from '../../src/manifest/load-manifest.js';
import type { RuleSet } from '../../src/rules/rule-set.js';
import { loadRuleSet } from '../../src/rules/load-rule-set.js';
import { scanRepository } from '../../src/scan/scan.js';
import type { ScanResult } from '../../src/scan/types.js';
import { TODAY } from '../helpers.js';
import { SCAN_FIXTURES } from './scan-helpers.js';

let ruleSet: RuleSet;
const scans: Record<string, ScanResult> = {};

beforeAll(async () => {
  ruleSet = loadRuleSet();
  for (const name of ['npm', 'rust', 'dotnet', 'java-gradle', 'platform']) scans[name] = await scanRepository(join(SCAN_FIXTURES, name));
});

function reconcile(sections: string, fixture: string) {
  const manifest = parseManifest(`version: 1\nproject:\n  name: demo\n  profile: production\n${sections}`, 'readiness.yaml', ruleSet, { now: TODAY });
  return { manifest, ...reconcileEvidence(manifest.facts, scans[fixture]!, ruleSet.facts) };
}

const statusOf = (evidence: FactEvidence[], path: string) => evidence.find((e) => e.path === path);

const PAYMENTS = `dependencies:
  - name: payments
    circuit_breaker: true
    timeout_ms: 2000
`;

describe('declared facts against the evidence', () => {
  it('reports a claimed circuit breaker over a repository without one as unverified', () => {
    const { evidence } = reconcile(PAYMENTS, 'rust');
    expect(statusOf(evidence, 'dependencies[0].circuit_breaker')).toEqual({
      path: 'dependencies[0].circuit_breaker', status: 'unverified', declared: true, evidence: [],
      declaredAt: { origin: 'manifest', file: 'readiness.yaml', line: 7, column: 22 },
    });
  });

  it('confirms a claim that the evidence matches, with the strongest evidence first', () => {
    const { evidence } = reconcile(PAYMENTS, 'npm');
    const breaker = statusOf(evidence, 'dependencies[0].circuit_breaker')!;
    expect(breaker.status).toBe('confirmed');
    expect(breaker.strength).toBe('medium');
    expect(breaker.evidence.map((e) => `${e.file}:${e.line}`)).toEqual(['src/clients.js:13', 'package.json:16']);
  });

  it('contradicts a declared timeout with an HTTP client built without one', () => {
    const { evidence } = reconcile(PAYMENTS, 'npm');
    expect(statusOf(evidence, 'dependencies[0].timeout_ms')).toMatchObject({
      status: 'contradicted', declared: 2000, detected: 0,
      evidence: [{ file: 'src/clients.js', line: 9, signal: 'axios.get without timeout (axios waits forever by default)' }],
    });
  });

  it('contradicts non-root containers with a Dockerfile without USER', () => {
    const { evidence } = reconcile('security:\n  containers_non_root: true\n', 'dotnet');
    expect(statusOf(evidence, 'security.containers_non_root')).toMatchObject({
      status: 'contradicted', declared: true, detected: false, strength: 'medium',
      evidence: [{ file: 'Dockerfile', line: 1 }],
    });
  });

  it('does not let another item\'s tool contradict a list item: it stays unverified, the finding shown', () => {
    const { evidence } = reconcile('datastores:\n  - name: main\n    migration_tool: flyway\n', 'npm');
    expect(statusOf(evidence, 'datastores[0].migration_tool')).toMatchObject({ status: 'unverified', declared: 'flyway', detected: 'knex' });
  });

  it('never lets weak evidence contradict', () => {
    const { evidence } = reconcile('observability:\n  tracing: vendor\n', 'npm');
    expect(statusOf(evidence, 'observability.tracing')).toMatchObject({ status: 'unverified', declared: 'vendor', detected: 'otel', strength: 'weak' });
  });

  it('lets another choice contradict a declared "none", or a choice the scan would have seen', () => {
    expect(statusOf(reconcile('load_testing:\n  autoscaling: none\n', 'npm').evidence, 'load_testing.autoscaling')).toMatchObject({ status: 'contradicted', detected: 'configured' });
    expect(statusOf(reconcile('delivery:\n  strategy: rolling\n', 'platform').evidence, 'delivery.strategy')).toMatchObject({
      status: 'contradicted', detected: 'recreate', evidence: [{ file: 'k8s/api.yaml', line: 8 }],
    });
    expect(statusOf(reconcile('migrations:\n  run_at: release_job\n', 'rust').evidence, 'migrations.run_at')).toMatchObject({ status: 'contradicted', detected: 'app_start' });
  });

  it('does not let a finding contradict a choice the scan cannot see', () => {
    // an HPA shows autoscaling configured, not whether it was tested; down migrations do not rule out a forward-fix policy
    expect(statusOf(reconcile('load_testing:\n  autoscaling: tested\n', 'npm').evidence, 'load_testing.autoscaling')).toMatchObject({ status: 'unverified', detected: 'configured' });
    expect(statusOf(reconcile('migrations:\n  rollback: forward_fix\n', 'npm').evidence, 'migrations.rollback')).toMatchObject({ status: 'unverified', detected: 'down_migration' });
  });

  it('says nothing of a declared timeout when no client was found without one: a timeout is only ever seen missing', () => {
    expect(statusOf(reconcile(PAYMENTS, 'rust').evidence, 'dependencies[0].timeout_ms')).toBeUndefined();
  });

  it('compares team names loosely, but lets the service catalog contradict one', () => {
    expect(statusOf(reconcile('operations:\n  owner: catalog-team\n', 'java-gradle').evidence, 'operations.owner')?.status).toBe('confirmed');
    expect(statusOf(reconcile('operations:\n  owner: payments\n', 'java-gradle').evidence, 'operations.owner')?.status).toBe('contradicted');
  });

  it('marks unverified only what a detector could have found, and never a declared "no"', () => {
    const { evidence } = reconcile('security:\n  mfa: all_users\ndelivery:\n  feature_flags: false\n  ci_tests: true\n', 'rust');
    expect(statusOf(evidence, 'security.mfa')).toBeUndefined();
    expect(statusOf(evidence, 'delivery.feature_flags')).toBeUndefined();
    expect(statusOf(evidence, 'delivery.ci_tests')?.status).toBe('confirmed');
  });
});

describe('detected facts fill the unknowns', () => {
  it('fills a section fact the manifest left out, with the scan as its provenance', () => {
    const { facts } = reconcile('observability:\n  logs:\n    format: text\n', 'npm');
    expect(facts.values.observability).toMatchObject({ tracing: 'otel', logs: { format: 'text' } });
    expect(facts.provenance['observability.tracing']).toEqual({ origin: 'scan', file: 'package.json', line: 10 });
    expect(facts.provenance['observability.logs.format']?.origin).toBe('manifest');
    expect(facts.values.security).toMatchObject({ lockfile: true });
  });

  it('never fills a list item, and leaves the declared facts untouched', () => {
    const { manifest, facts } = reconcile(PAYMENTS, 'npm');
    expect(facts.values.dependencies).toEqual([{ name: 'payments', circuit_breaker: true, timeout_ms: 2000 }]);
    expect(facts.values.datastores).toBeUndefined();
    expect(manifest.facts.values.observability).toBeUndefined();
  });

  it('chooses the best supported value when several were found', () => {
    const { facts } = reconcile('', 'npm');
    expect((facts.values.context as Record<string, unknown>).runtime).toBe('kubernetes');
  });
});
