import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { auditManifest, parseManifest } from '../../src/index.js';
import { artifactUri, renderSarif, sarifPortfolioDocument, TOOL_INFORMATION_URI } from '../../src/report/sarif.js';
import type { Assessment, Portfolio } from '../../src/scoring/assessment.js';
import { auditFixture, FIXTURES, scoringPack, TODAY } from '../helpers.js';
import { exampleAssessments, SHOP_MANIFEST, wholeReport } from '../fixtures/report/assessments.js';


type Log = { $schema: string; version: string; runs: Run[] };
type Run = {
  tool: { driver: { name: string; version: string; semanticVersion: string; informationUri?: string; rules: Rule[] } };
  invocations: { executionSuccessful: boolean; toolExecutionNotifications?: { message: { text: string }; locations: Location[] }[] }[];
  results: Result[];
};
type Rule = {
  id: string; name: string; shortDescription: { text: string }; fullDescription: { text: string };
  defaultConfiguration: { level: string }; helpUri?: string; help: { text: string; markdown: string };
  properties: { tags: string[]; precision: string; 'security-severity'?: string; 'problem.severity'?: string };
};
type Location = { id?: number; physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number; startColumn?: number } } };
type Result = {
  ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: Location[];
  relatedLocations?: Location[]; partialFingerprints: Record<string, string>;
  properties: { project: string; status: string; item?: string; missing?: string[] };
};

const sarif = (a: Assessment): Log => JSON.parse(renderSarif(a)) as Log;
const results = (log: Log) => log.runs[0]!.results;
const finding = (log: Log, ruleId: string, item?: string) =>
  results(log).find((r) => r.ruleId === ruleId && r.properties.item === item)!;

/** The SARIF region of `needle` in `text`, searching from the line holding `after`. */
function position(text: string, needle: string, after = ''): { startLine: number; startColumn: number } {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.includes(after));
  const line = lines.findIndex((l, i) => i >= start && l.includes(needle));
  return { startLine: line + 1, startColumn: lines[line]!.indexOf(needle) + 1 };
}

// The schema's formats, checked as RFC 3986 and RFC 3339 define them: Ajv leaves formats to
// plugins, and these three are all the SARIF schema uses.
const URI_REFERENCE = /^(?:[\w\-.~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;
const SCHEMA = JSON.parse(readFileSync(join(FIXTURES, 'report', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')) as object;
const validateSarif = new Ajv({
  allErrors: true,
  // The standard's schema predates Ajv's strict mode: it names properties in anyOf branches
  // without defining them there, and its language pattern is no valid Unicode-mode regex.
  strictRequired: false,
  unicodeRegExp: false,
  formats: {
    'uri-reference': URI_REFERENCE,
    uri: (s: string) => /^[A-Za-z][A-Za-z0-9+.-]*:/.test(s) && URI_REFERENCE.test(s),
    'date-time': /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/i,
  },
}).compile(SCHEMA);

function expectValidSarif(text: string): void {
  const valid = validateSarif(JSON.parse(text));
  expect(validateSarif.errors ?? [], 'SARIF 2.1.0 schema errors').toEqual([]);
  expect(valid).toBe(true);
}

describe('renderSarif', () => {
  const assessment = auditFixture(SHOP_MANIFEST);
  const log = sarif(assessment);

  it('is valid against the official SARIF 2.1.0 schema, which rejects a broken log', () => {
    expectValidSarif(renderSarif(assessment));
    const broken = JSON.parse(renderSarif(assessment)) as Log;
    broken.runs[0]!.results[0]!.level = 'fatal';
    broken.runs[0]!.results[1]!.locations[0]!.physicalLocation.artifactLocation.uri = 'has a space.yaml';
    expect(validateSarif(broken)).toBe(false);
    expect(validateSarif.errors!.map((e) => e.instancePath)).toEqual(expect.arrayContaining([
      '/runs/0/results/0/level', '/runs/0/results/1/locations/0/physicalLocation/artifactLocation/uri',
    ]));
  });

  it('reports failures and unanswered rules within the target, and nothing else', () => {
    const found = results(log).map((r) => [r.ruleId, r.properties.item ?? null, r.properties.status]);
    expect(found).toEqual([
      ['RES-001', 'payment-gateway', 'fail'],
      ['RES-001', 'ledger', 'fail'],
      ['SEC-001', null, 'fail'],
      ['SEC-002', null, 'unknown'],
    ]);
    // Passing (OBS-001, cache), not applicable (OBS-003), beyond the target (OBS-002) and actively
    // waived (search) rules are not findings; neither is the score.
    expect(results(log).some((r) => r.ruleId === 'OBS-001' || r.ruleId === 'OBS-002' || r.ruleId === 'OBS-003')).toBe(false);
    expect(renderSarif(assessment)).not.toMatch(/"score"|"coverage"/);
  });

  it('reports a failure whose waiver expired, pointing at the waiver too', () => {
    const ledger = finding(log, 'RES-001', 'ledger');
    expect(ledger.message.text).toContain('Its waiver expired on 2026-10-31 (owner team-core)');
    expect(ledger.relatedLocations).toEqual([{
      id: 1,
      physicalLocation: { artifactLocation: { uri: 'readiness.yaml' }, region: position(SHOP_MANIFEST, 'rule: RES-001') },
      message: { text: 'The waiver, expired on 2026-10-31.' },
    }]);
    expect(finding(log, 'RES-001', 'payment-gateway').relatedLocations).toBeUndefined();
  });

  it('locates each finding at the manifest line and column of the fact it concerns', () => {
    const region = (r: Result) => r.locations[0]!.physicalLocation.region;
    expect(region(finding(log, 'SEC-001'))).toEqual(position(SHOP_MANIFEST, 'false', 'security:'));
    expect(region(finding(log, 'RES-001', 'payment-gateway'))).toEqual(position(SHOP_MANIFEST, '0', 'payment-gateway'));
    expect(region(finding(log, 'RES-001', 'ledger'))).toEqual(position(SHOP_MANIFEST, '0', 'ledger'));
    // An unanswered fact has no line: the finding points into the nearest section declared.
    expect(region(finding(log, 'SEC-002'))).toEqual(position(SHOP_MANIFEST, 'a: false', 'security:'));
    for (const r of results(log)) expect(r.locations[0]!.physicalLocation.artifactLocation.uri).toBe('readiness.yaml');
  });

  it('puts a finding whose section is not declared at all at the top of the manifest', () => {
    const bare = sarif(auditFixture('version: 1\nproject: {name: shop, profile: prototype}\n'));
    const sec = bare.runs[0]!.results.find((r) => r.ruleId === 'SEC-001')!;
    expect(sec.properties).toMatchObject({ status: 'unknown', missing: ['security.a'] });
    expect(sec.locations[0]!.physicalLocation.region).toEqual({ startLine: 1 });
  });

  it('names the item in per-item findings, each with its own fingerprint', () => {
    const gateway = finding(log, 'RES-001', 'payment-gateway');
    const ledger = finding(log, 'RES-001', 'ledger');
    expect(gateway.message.text).toMatch(/^Not met for payment-gateway: Every dependency has a timeout\. Set a timeout\./);
    expect(ledger.message.text).toMatch(/^Not met for ledger: /);
    const fingerprints = results(log).map((r) => r.partialFingerprints['readinessFinding/v1']);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
  });

  it('tells what to declare for an unanswered rule', () => {
    expect(finding(log, 'SEC-002').message.text).toBe(
      'Not answered: B is in place. Declare security.b in the manifest; until then it counts as not met.');
  });

  it('keeps fingerprints across runs and when the manifest moves lines, so dashboards track a finding', () => {
    const moved = sarif(auditFixture(`# a comment\n# and another\n${SHOP_MANIFEST}`));
    const byKey = (l: Log) => new Map(results(l).map((r) => [`${r.ruleId} ${r.properties.item ?? ''}`, r]));
    const before = byKey(log);
    const after = byKey(moved);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [key, r] of after) {
      expect(r.partialFingerprints).toEqual(before.get(key)!.partialFingerprints);
      expect(r.locations[0]!.physicalLocation.region!.startLine).toBe(before.get(key)!.locations[0]!.physicalLocation.region!.startLine + 2);
    }
    expect(renderSarif(auditFixture(SHOP_MANIFEST))).toBe(renderSarif(assessment));
  });

  it('maps severity to level and describes each rule with help, its first reference and tags', () => {
    const rules = new Map(log.runs[0]!.tool.driver.rules.map((r) => [r.id, r]));
    expect(finding(log, 'SEC-001').level).toBe('error');
    const sec = rules.get('SEC-001')!;
    expect(sec).toMatchObject({
      shortDescription: { text: 'A is in place' },
      fullDescription: { text: 'r' },
      defaultConfiguration: { level: 'error' },
      helpUri: 'https://example.org/a',
      properties: { tags: ['security', 'level-1'], precision: 'very-high', 'security-severity': '9.5' },
    });
    expect(sec.help.text).toContain('How to fix: Do A. Then more.');
    expect(sec.help.markdown).toContain('**How to fix.** Do A. Then more.');
    expect(sec.help.markdown).toContain('- [ref](<https://example.org/a>)');
    // security-severity is for security rules only; the others carry GitHub's problem.severity.
    const wider = sarif(auditFixture(SHOP_MANIFEST.replace('profile: internal', 'profile: production').replace('  c: true', '  c: false\n  d: false')));
    const widerRules = new Map(wider.runs[0]!.tool.driver.rules.map((r) => [r.id, r]));
    expect(finding(wider, 'OBS-001').level).toBe('warning');
    expect(widerRules.get('OBS-001')!.properties).toEqual({ tags: ['observability', 'level-1'], precision: 'very-high', 'problem.severity': 'warning' });
    expect(finding(wider, 'OBS-002').level).toBe('note');
    expect(widerRules.get('OBS-002')!.properties).toEqual({ tags: ['observability', 'level-3'], precision: 'very-high', 'problem.severity': 'recommendation' });
    // SARIF's friendly name is one Pascal-case identifier.
    expect(rules.get('RES-001')!.name).toBe('EveryDependencyHasTimeout');
    for (const r of results(log)) expect(log.runs[0]!.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
  });

  it("grades a finding by the manifest's override, and describes the rule by its own defaults", () => {
    const overridden = sarif(auditFixture(`${SHOP_MANIFEST}overrides:\n  - {rule: SEC-001, severity: low, reason: sandbox account only}\n`));
    expect(finding(overridden, 'SEC-001').level).toBe('note');
    const rule = overridden.runs[0]!.tool.driver.rules.find((r) => r.id === 'SEC-001')!;
    expect(rule.defaultConfiguration.level).toBe('error');
    expect(rule.properties['security-severity']).toBe('9.5');
  });

  it('describes the rules it reports, each once', () => {
    expect(log.runs[0]!.tool.driver.rules.map((r) => r.id)).toEqual(['RES-001', 'SEC-001', 'SEC-002']);
  });

  it('names the tool with its version and where to read about it', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0]!.tool.driver).toMatchObject({ name: 'readiness', version: assessment.tool.version, semanticVersion: assessment.tool.version });
    expect(log.runs[0]!.tool.driver.informationUri).toBe(TOOL_INFORMATION_URI);
    expect(log.runs[0]!.invocations).toEqual([{ executionSuccessful: true }]);
  });

  it('gives a clean project an empty, valid log', () => {
    const clean = auditFixture('version: 1\nproject: {name: shop, profile: prototype}\nsecurity: {a: true}\nobservability: {c: true}\n');
    expect(sarif(clean).runs[0]!.results).toEqual([]);
    expectValidSarif(renderSarif(clean));
  });

  it('keeps hostile names as text: braces doubled, as SARIF placeholders require', () => {
    const hostile = auditFixture(SHOP_MANIFEST.replace('payment-gateway', '"{0} <b>&amp; [x](1)"'));
    expectValidSarif(renderSarif(hostile));
    expect(finding(sarif(hostile), 'RES-001', '{0} <b>&amp; [x](1)').message.text)
      .toMatch(/^Not met for \{\{0\}\} <b>&amp; \[x\]\(1\): /);
  });
});

describe('artifact URIs', () => {
  it('keeps the manifest path as given, relative to the repository root, percent-encoding what a URI cannot hold', () => {
    expect(artifactUri('readiness.yaml')).toBe('readiness.yaml');
    expect(artifactUri('./services/pay ments/readiness.yaml')).toBe('services/pay%20ments/readiness.yaml');
    expect(artifactUri('services\\a#1\\readiness.yaml')).toBe('services/a%231/readiness.yaml');
    expect(artifactUri('odd:name.yaml')).toBe('odd%3Aname.yaml');
    expect(artifactUri('/home/ci/repo/readiness.yaml')).toBe('file:///home/ci/repo/readiness.yaml');
    expect(artifactUri('C:\\repo\\read me.yaml')).toBe('file:///C:/repo/read%20me.yaml');
  });

  it('locates findings in the manifest as the command line named it', () => {
    const ruleSet = scoringPack();
    const manifest = parseManifest(SHOP_MANIFEST, 'services/pay ments/readiness.yaml', ruleSet, { now: TODAY });
    const log = sarif(auditManifest(manifest, ruleSet, { now: TODAY }));
    expect(new Set(results(log).map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri))).toEqual(new Set(['services/pay%20ments/readiness.yaml']));
  });
});

describe('sarifPortfolioDocument', () => {
  const audits = exampleAssessments();

  it('renders every example manifest as valid SARIF', () => {
    expect(audits.length).toBeGreaterThanOrEqual(4);
    for (const a of audits) expectValidSarif(renderSarif(a));
  });

  it('is one run holding every project, each finding in its own manifest, each rule described once', () => {
    const portfolio: Portfolio = { reportVersion: 1, generatedAt: TODAY.toISOString(), assessments: audits, errors: [] };
    const text = wholeReport(sarifPortfolioDocument(), portfolio);
    expectValidSarif(text);
    const log = JSON.parse(text) as Log;
    expect(log.runs).toHaveLength(1);
    const uris = new Set(results(log).map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri));
    const withFindings = audits.filter((a) => sarif(a).runs[0]!.results.length > 0).map((a) => a.manifest);
    expect([...uris].sort()).toEqual(withFindings.sort());
    expect(results(log)).toHaveLength(audits.reduce((n, a) => n + sarif(a).runs[0]!.results.length, 0));
    const ids = log.runs[0]!.tool.driver.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    // The same rule in two projects is two findings, told apart by their fingerprints.
    const fingerprints = results(log).map((r) => r.partialFingerprints['readinessFinding/v1']);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
  });

  it('reports a manifest that could not be audited as a failed execution, not as a finding', () => {
    const portfolio: Portfolio = {
      reportVersion: 1, generatedAt: TODAY.toISOString(), assessments: [auditFixture(SHOP_MANIFEST)],
      errors: [{ file: 'services/broken one.yaml', message: 'services/broken one.yaml:3:1: expected a map' }],
    };
    const text = wholeReport(sarifPortfolioDocument(), portfolio);
    expectValidSarif(text);
    const run = (JSON.parse(text) as Log).runs[0]!;
    expect(run.invocations[0]).toEqual({
      executionSuccessful: false,
      toolExecutionNotifications: [{
        level: 'error',
        message: { text: 'services/broken one.yaml:3:1: expected a map' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'services/broken%20one.yaml' } } }],
      }],
    });
    expect(run.results).toHaveLength(4);
  });
});
