import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/manifest/load-manifest.js';
import { starterManifest } from '../../src/manifest/starter.js';
import type { RuleSet } from '../../src/rules/rule-set.js';
import { loadRuleSet } from '../../src/rules/load-rule-set.js';
import { draftManifest } from '../../src/scan/draft-manifest.js';
import { scanRepository } from '../../src/scan/scan.js';
import type { ScanResult } from '../../src/scan/types.js';
import { TODAY } from '../helpers.js';
import { SCAN_FIXTURES } from './scan-helpers.js';

let ruleSet: RuleSet;
let scan: ScanResult;
let draft: string;

beforeAll(async () => {
  ruleSet = loadRuleSet();
  scan = await scanRepository(join(SCAN_FIXTURES, 'npm'));
  draft = draftManifest(scan, ruleSet, 'production', 'orders-api');
});

describe('a manifest drafted from a scan', () => {
  it('is a valid manifest whose detected values are declared', () => {
    const manifest = parseManifest(draft, 'readiness.yaml', ruleSet, { now: TODAY });
    expect(manifest.project).toEqual({ name: 'orders-api', profile: 'production' });
    expect(manifest.facts.values).toMatchObject({
      observability: { tracing: 'otel', logs: { format: 'json' } },
      security: { lockfile: true, dependency_updates: true },
      load_testing: { tool: 'k6', runs: 'scheduled', autoscaling: 'configured' },
      context: { runtime: 'kubernetes' },
    });
  });

  it('names the file and line behind each value, and how strong the evidence is', () => {
    expect(draft).toContain('  # found: @opentelemetry/sdk-node in package.json at package.json:10, weak evidence\n  tracing: otel   # Is distributed tracing');
    expect(draft).toMatch(/# found: Kubernetes Deployment orders-api at k8s\/deployment\.yaml:2, medium evidence; also found: "containers"\n {2}runtime: kubernetes/);
  });

  it('leaves list items to the interview, noting what applies to them in general', () => {
    expect(draft).toContain('dependencies: ~   # a list; [] when there are none');
    expect(draft).toContain('# found, for the items in general: circuit_breaker: true (circuit breaker wrapped around a call at src/clients.js:13 and 1 more, medium evidence)');
    expect(draft).toContain('# found, for the items in general: timeout_ms: 0 (axios.get without timeout (axios waits forever by default) at src/clients.js:9, medium evidence)');
  });

  it('leaves what was not found as ~ and lists the other signals', () => {
    expect(draft).toMatch(/\n {2}rpo_minutes: ~ {3}#/);
    expect(draft).toContain('# Also found, with no fact to hold it:\n#   CI configuration (.github/workflows/ci.yml:1)');
  });

  it('is the starter manifest, with values, when nothing was found', () => {
    const empty: ScanResult = { root: '/x', facts: [], signals: [], covers: {}, filesScanned: 0, limits: [], skipped: [] };
    const starter = starterManifest(ruleSet, 'internal', 'demo');
    const drafted = draftManifest(empty, ruleSet, 'internal', 'demo');
    const body = (text: string) => text.slice(text.indexOf('version: 1'));
    expect(body(drafted)).toBe(body(starter));
  });

  it('says so when a limit cut the scan', () => {
    const cut: ScanResult = { ...scan, limits: ['stopped listing after 5 files'] };
    expect(draftManifest(cut, ruleSet, 'internal', 'demo')).toContain('# The scan was cut short: stopped listing after 5 files.');
  });
});
