import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { escapeXml, renderJunit, junitPortfolioDocument } from '../../src/report/junit.js';
import type { Portfolio } from '../../src/scoring/assessment.js';
import { auditFixture, TODAY } from '../helpers.js';
import { exampleAssessments, SHOP_MANIFEST, wholeReport } from '../fixtures/report/assessments.js';


interface Outcome { type?: string; message?: string; '#text'?: string }
interface TestCase { name: string; classname: string; time: string; file: string; line?: string; failure?: Outcome; error?: Outcome; skipped?: Outcome }
interface Suite { name: string; tests: string; failures: string; errors: string; skipped: string; testcase?: TestCase[] }
interface Report { name: string; tests: string; failures: string; errors: string; skipped: string; testsuite?: Suite[] }

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) => name === 'testsuite' || name === 'testcase',
  htmlEntities: true,
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
});

/** Characters XML 1.0 cannot carry at all. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** Parses a report back, after checking what a lenient parser would let through. */
function parse(xml: string): Report {
  expect(XMLValidator.validate(xml)).toBe(true);
  expect(xml).not.toMatch(NOT_XML_CHAR);
  // `]]>` may not appear in character data, nor anywhere outside a CDATA section we never write.
  expect(xml).not.toContain(']]>');
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
  return (parser.parse(xml) as { testsuites: Report }).testsuites;
}

const cases = (r: Report) => (r.testsuite ?? []).flatMap((s) => s.testcase ?? []);
const byName = (r: Report, prefix: string) => cases(r).find((c) => c.name.startsWith(`${prefix}:`))!;

/** tests = passes + failures + errors + skipped, per suite and for the whole report. */
function expectCountsAddUp(report: Report): void {
  const count = (list: TestCase[], kind: 'failure' | 'error' | 'skipped') => list.filter((c) => c[kind] !== undefined).length;
  for (const suite of report.testsuite ?? []) {
    const list = suite.testcase ?? [];
    expect(Number(suite.tests)).toBe(list.length);
    expect(Number(suite.failures)).toBe(count(list, 'failure'));
    expect(Number(suite.errors)).toBe(count(list, 'error'));
    expect(Number(suite.skipped)).toBe(count(list, 'skipped'));
  }
  const all = cases(report);
  expect(Number(report.tests)).toBe(all.length);
  expect(Number(report.failures)).toBe(count(all, 'failure'));
  expect(Number(report.errors)).toBe(count(all, 'error'));
  expect(Number(report.skipped)).toBe(count(all, 'skipped'));
  for (const c of all) expect([c.failure, c.error, c.skipped].filter((o) => o !== undefined).length).toBeLessThanOrEqual(1);
}

describe('renderJunit', () => {
  const report = parse(renderJunit(auditFixture(SHOP_MANIFEST)));

  it('parses back as a testsuites document whose counts add up', () => {
    expectCountsAddUp(report);
    expect(report).toMatchObject({ name: 'readiness: shop', tests: '8', failures: '4', errors: '0', skipped: '2' });
  });

  it('has one test case per rule up to the target level, one per item for a per-item rule, grouped by category', () => {
    expect((report.testsuite ?? []).map((s) => [s.name, (s.testcase ?? []).map((c) => c.name.split(':')[0])])).toEqual([
      ['shop / Observability', ['OBS-001', 'OBS-003']],
      ['shop / Resilience', ['RES-001 payment-gateway', 'RES-001 ledger', 'RES-001 search', 'RES-001 cache']],
      ['shop / Security', ['SEC-001', 'SEC-002']],
    ]);
    // OBS-002 is a level 3 rule: beyond an internal tool's target, so not a test of it.
    expect(cases(report).some((c) => c.name.startsWith('OBS-002'))).toBe(false);
    expect(byName(report, 'RES-001 payment-gateway')).toMatchObject({
      name: 'RES-001 payment-gateway: Every dependency has a timeout', classname: 'shop.resilience', time: '0',
    });
  });

  it('fails a failing rule with its remediation, and says where in the manifest', () => {
    const sec = byName(report, 'SEC-001');
    expect(sec.failure).toMatchObject({ type: 'fail', message: 'Not met. Do A.' });
    expect(sec.failure!['#text']).toContain('How to fix: Do A. Then more.');
    expect(sec.failure!['#text']).toContain('Where: readiness.yaml:6:6');
    expect(sec).toMatchObject({ file: 'readiness.yaml', line: '6' });
    expect(byName(report, 'RES-001 payment-gateway')).toMatchObject({ line: '12', failure: { type: 'fail', message: 'Not met for payment-gateway. Set a timeout.' } });
  });

  it('fails an unanswered rule too, with a type of its own and the facts to declare', () => {
    const unknown = byName(report, 'SEC-002').failure!;
    expect(unknown).toMatchObject({ type: 'unknown', message: 'Not answered: declare security.b.' });
    expect(unknown['#text']).toContain('Missing facts: security.b');
    expect(unknown['#text']).toContain('How to fix: Do B.');
  });

  it('fails a rule whose waiver expired, saying so', () => {
    const ledger = byName(report, 'RES-001 ledger').failure!;
    expect(ledger.type).toBe('fail');
    expect(ledger['#text']).toContain('Its waiver expired on 2026-10-31 (owner team-core, "vendor SDK has no timeout")');
  });

  it('skips waived and not-applicable rules with the reason', () => {
    expect(byName(report, 'RES-001 search').skipped).toEqual({ message: 'Waived until 2027-03-31 (owner team-core): replaced next quarter' });
    expect(byName(report, 'OBS-003').skipped).toEqual({ message: 'Not applicable: applies only when observability.has_ui' });
    const pass = byName(report, 'OBS-001');
    expect(pass).toMatchObject({ name: 'OBS-001: C is in place', classname: 'shop.observability', time: '0', file: 'readiness.yaml', line: '8' });
    expect([pass.failure, pass.error, pass.skipped]).toEqual([undefined, undefined, undefined]);
  });

  it('skips a rule the manifest disabled, with its reason', () => {
    const disabled = parse(renderJunit(auditFixture(`${SHOP_MANIFEST}disable:\n  - {rule: SEC-002, reason: no second factor in this sandbox}\n`)));
    expectCountsAddUp(disabled);
    expect(byName(disabled, 'SEC-002').skipped).toEqual({ message: 'Not applicable: disabled in the manifest: no second factor in this sandbox' });
  });

  it('adds the gates, so the report fails where the exit code does', () => {
    const gated = parse(renderJunit(auditFixture(SHOP_MANIFEST, { gates: { minScore: 10, failOn: 'critical' } })));
    expectCountsAddUp(gated);
    const gates = gated.testsuite!.find((s) => s.name === 'shop / Gates')!;
    expect(gates.testcase!.map((c) => [c.name, c.failure?.type ?? 'passed'])).toEqual([['gate min-score', 'passed'], ['gate fail-on', 'gate']]);
    expect(gates.testcase![1]!.failure!.message).toMatch(/^1 rule\(s\) of severity critical or worse fail or are unknown: SEC-001/);
  });

  it('escapes hostile names and keeps them readable: <, &, quotes, ]]> and control characters', () => {
    const project = 'Shop <&> "quoted" ]]> \u0001end';
    const item = 'a<b&c]]>\u0001d';
    const hostile = SHOP_MANIFEST
      .replace('name: shop', `name: "Shop <&> \\"quoted\\" ]]> \\x01end"`)
      .replace('name: payment-gateway', 'name: "a<b&c]]>\\x01d"');
    const a = auditFixture(hostile);
    expect([a.project.name, a.results.find((r) => r.id === 'RES-001')!.items![0]!.name]).toEqual([project, item]);
    const parsed = parse(renderJunit(a));
    expectCountsAddUp(parsed);
    expect(parsed.name).toBe('readiness: Shop <&> "quoted" ]]> \uFFFDend');
    const testcase = cases(parsed).find((c) => c.name.startsWith('RES-001 a<b'))!;
    expect(testcase.name).toBe('RES-001 a<b&c]]>\uFFFDd: Every dependency has a timeout');
    expect(testcase.failure!.message).toBe('Not met for a<b&c]]>\uFFFDd. Set a timeout.');
    expect(testcase.failure!['#text']).toContain('Not met for a<b&c]]>\uFFFDd: Every dependency has a timeout.');
  });
});

describe('escapeXml', () => {
  it('escapes markup in text, always including > so that ]]> cannot occur', () => {
    expect(escapeXml('a < b && c > d ]]> "q" \'s\'')).toBe('a &lt; b &amp;&amp; c &gt; d ]]&gt; "q" \'s\'');
  });

  it('keeps line breaks as they are in text, and as character references in attributes', () => {
    expect(escapeXml('one\ntwo\tthree\r')).toBe('one\ntwo\tthree&#13;');
    expect(escapeXml('one\ntwo\tthree\r"', true)).toBe('one&#10;two&#9;three&#13;&quot;');
  });

  it('replaces what XML 1.0 cannot carry with U+FFFD, and keeps every other character', () => {
    expect(escapeXml('\u0000\u0001\u0008\u000B\u000C\u001F\uFFFE\uFFFF')).toBe('\uFFFD'.repeat(8));
    expect(escapeXml('lone \uD800 and \uDC00 surrogates')).toBe('lone \uFFFD and \uFFFD surrogates');
    expect(escapeXml('é ✓ 😀 \u007F \u0085 \uFFFD')).toBe('é ✓ 😀 \u007F \u0085 \uFFFD');
  });
});

describe('junitPortfolioDocument', () => {
  const audits = exampleAssessments();

  it('renders every example manifest as a report whose counts add up', () => {
    expect(audits.length).toBeGreaterThanOrEqual(4);
    for (const a of audits) {
      const report = parse(renderJunit(a));
      expectCountsAddUp(report);
      // Every rule up to the target is a test case, once per item of a per-item rule.
      const expected = a.results.filter((r) => r.level <= a.target.level).reduce((n, r) => n + (r.items?.length || 1), 0);
      expect(Number(report.tests)).toBe(expected);
    }
  });

  it("holds every project's suites, and reports a manifest that could not be audited as an error", () => {
    const portfolio: Portfolio = {
      reportVersion: 1, generatedAt: TODAY.toISOString(), assessments: audits,
      errors: [{ file: 'services/broken.yaml', message: 'services/broken.yaml:3:1: expected a map <here>' }],
    };
    const report = parse(wholeReport(junitPortfolioDocument(), portfolio));
    expectCountsAddUp(report);
    expect(report.name).toBe('readiness portfolio');
    const projects = new Set((report.testsuite ?? []).map((s) => s.name.split(' / ')[0]));
    expect(projects).toEqual(new Set([...audits.map((a) => a.project.name), 'services/broken.yaml']));
    expect(Number(report.errors)).toBe(1);
    expect(cases(report).find((c) => c.error)).toMatchObject({
      name: 'audit services/broken.yaml', classname: 'readiness', time: '0', file: 'services/broken.yaml',
      error: { type: 'input', message: 'services/broken.yaml:3:1: expected a map <here>', '#text': 'services/broken.yaml:3:1: expected a map <here>' },
    });
    expect(Number(report.tests)).toBe(audits.reduce((n, a) => n + Number(parse(renderJunit(a)).tests), 0) + 1);
  });
});
