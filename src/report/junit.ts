import type { RuleStatus } from '../engine/types.js';
import type { WaiverOutcome, WaiverState } from '../engine/waivers.js';
import type { Provenance } from '../facts/types.js';
import { categoryTitle } from '../rules/categories.js';
import type { Assessment, Portfolio, RuleResult } from '../scoring/assessment.js';
import { oneProjectReport, type PortfolioDocument } from './portfolio.js';
import { firstSentence } from '../scoring/action-plan.js';
import { flatten } from './prose.js';

/**
 * JUnit XML for CI test reports (GitHub test reporters, GitLab's `junit` artifact, Jenkins): one
 * test case per rule up to the target level — one per item for a per-item rule, named
 * `RES-002 payment-gateway: <title>` — in one test suite per category, plus one for the gates.
 * A rule that fails fails its test; so does one nobody answered, since a gate never passes on
 * silence (the failure's type tells the two apart). Waived and not-applicable rules are skipped
 * with the reason. Rules beyond the target level are not test cases at all: the project's profile
 * does not ask for them, and listing them as skipped would mark every report of a small project
 * with dozens of skipped tests for work nobody owes.
 */
export function renderJunit(a: Assessment): string {
  return oneProjectReport(junitDocument(`readiness: ${a.project.name}`), a);
}

/** Every project's suites in one document; a manifest that could not be audited is an error. */
export function junitPortfolioDocument(): PortfolioDocument {
  return junitDocument('readiness portfolio');
}

function junitDocument(name: string): PortfolioDocument {
  // the root element's totals need every project: the head is written last, from these counts
  let counted = counts([]);
  const plus = (a: typeof counted, b: typeof counted) =>
    ({ tests: a.tests + b.tests, failures: a.failures + b.failures, errors: a.errors + b.errors, skipped: a.skipped + b.skipped });
  return {
    project(a) {
      const suites = suitesOf(a);
      counted = plus(counted, counts(suites.flatMap((suite) => suite.cases)));
      return suites.flatMap(suiteLines).map((line) => `${line}\n`).join('');
    },
    head(s) {
      const totals = plus(counted, counts(s.errors.map(errorSuite).flatMap((suite) => suite.cases)));
      return `${XML_DECLARATION}\n<testsuites ${attributes({ name, ...totals, time: 0 })}>\n`;
    },
    tail: (s) => [...s.errors.map(errorSuite).flatMap(suiteLines), '</testsuites>', ''].join('\n'),
  };
}

type Outcome =
  | { kind: 'failure' | 'error'; type: string; message: string; details: string }
  | { kind: 'skipped'; message: string };

interface TestCase {
  name: string;
  classname: string;
  /** The manifest and line the test is about, for CI annotations and GitLab's file column. */
  file: string;
  line?: number;
  outcome?: Outcome;
}

interface Suite {
  name: string;
  timestamp?: string;
  cases: TestCase[];
}

function suitesOf(a: Assessment): Suite[] {
  // Ant's JUnit schema wants the timestamp without a zone; it is UTC.
  const timestamp = a.generatedAt.slice(0, 19);
  const required = a.results.filter((r) => r.level <= a.target.level);
  const categories = [...new Set(required.map((r) => r.category))];
  const suites = categories.map((category) => ({
    name: `${a.project.name} / ${categoryTitle(category)}`,
    timestamp,
    cases: required.filter((r) => r.category === category).flatMap((r) => ruleCases(a, r)),
  }));
  if (a.evidence) {
    // claims against the repository: a contradiction fails, a claim it does not show is skipped
    suites.push({
      name: `${a.project.name} / Evidence`,
      timestamp,
      cases: a.evidence.facts.map((f) => ({
        name: `evidence ${f.path}`,
        classname: `${a.project.name}.evidence`,
        file: f.declaredAt?.file ?? a.manifest,
        ...(f.declaredAt?.line ? { line: f.declaredAt.line } : {}),
        ...(f.status === 'contradicted'
          ? { outcome: { kind: 'failure' as const, type: 'contradicted', message: `declared ${JSON.stringify(f.declared)}, the repository shows ${JSON.stringify(f.detected)}`,
            details: f.evidence.map((e) => `${e.file}:${e.line} ${e.signal}`).join('\n') } }
          : f.status === 'unverified' ? { outcome: { kind: 'skipped' as const, message: 'declared, but the repository does not show it' } } : {}),
      })),
    });
  }
  if (a.gate) {
    suites.push({
      name: `${a.project.name} / Gates`,
      timestamp,
      cases: a.gate.checks.map((check) => ({
        name: `gate ${check.gate}`,
        classname: `${a.project.name}.gates`,
        file: a.manifest,
        ...(check.passed ? {} : { outcome: { kind: 'failure' as const, type: 'gate', message: check.detail, details: `Gate ${check.gate} failed: ${check.detail}.` } }),
      })),
    });
  }
  return suites;
}

/** What one test case is about: a rule, or one item of a per-item rule. */
interface Unit {
  item?: string;
  status: RuleStatus;
  missing: string[];
  reason?: string;
  location?: Provenance;
}

/** One case per item of a per-item rule, else one for the rule. */
function ruleCases(a: Assessment, r: RuleResult): TestCase[] {
  const units: Unit[] = r.items?.length
    ? r.items.map((i) => ({ ...i, item: i.name, location: i.location ?? r.location }))
    : [{ ...r, item: undefined }];
  return units.map((unit) => {
    const outcome = outcomeOf(a, r, unit);
    return {
      name: `${r.id}${unit.item !== undefined ? ` ${unit.item}` : ''}: ${r.title}`,
      classname: `${a.project.name}.${r.category}`,
      file: unit.location?.file ?? a.manifest,
      ...(unit.location?.line ? { line: unit.location.line } : {}),
      ...(outcome ? { outcome } : {}),
    };
  });
}

function outcomeOf(a: Assessment, r: RuleResult, unit: Unit): Outcome | undefined {
  switch (unit.status) {
    case 'pass':
      return undefined;
    case 'waived': {
      const w = waiverOf(a, r, unit, ['active', 'expiring']);
      return { kind: 'skipped', message: w ? `Waived until ${w.expires} (owner ${w.owner}): ${w.reason}` : 'Waived' };
    }
    case 'not_applicable':
      return { kind: 'skipped', message: `Not applicable: ${unit.reason ?? 'the rule does not apply to this project'}` };
    case 'fail':
    case 'unknown':
      return failure(a, r, unit);
  }
}

/** A failure says what is wrong in its message, and what to do and why in its body. */
function failure(a: Assessment, r: RuleResult, unit: Unit): Outcome {
  const subject = unit.item !== undefined ? ` for ${unit.item}` : '';
  const missing = unit.missing.join(', ');
  const expired = waiverOf(a, r, unit, ['expired']);
  const where = [unit.location?.file ?? a.manifest, unit.location?.line, unit.location?.line && unit.location.column];
  const message = unit.status === 'fail'
    ? `Not met${subject}. ${firstSentence(r.remediation)}`
    : `Not answered${subject}: ${missing ? `declare ${missing}` : (unit.reason ?? 'it could not be evaluated')}.`;
  const details = [
    unit.status === 'fail' ? `Not met${subject}: ${r.title}.` : `Not answered${subject}: ${r.title}. Until it is, it counts as not met.`,
    ...(missing ? [`Missing facts: ${missing}`] : unit.status === 'unknown' && unit.reason ? [`Reason: ${unit.reason}`] : []),
    `How to fix: ${flatten(r.remediation)}`,
    `Where: ${where.filter(Boolean).join(':')}`,
    `Why it matters: ${flatten(r.rationale)}`,
    ...(r.references.length ? [`References: ${r.references.map((ref) => `${ref.title} <${ref.url}>`).join('; ')}`] : []),
    ...(expired ? [`Its waiver expired on ${expired.expires} (owner ${expired.owner}, "${expired.reason}"): renew it or fix the finding.`] : []),
  ];
  return { kind: 'failure', type: unit.status, message, details: details.join('\n') };
}

function waiverOf(a: Assessment, r: RuleResult, unit: Unit, states: WaiverState[]): WaiverOutcome | undefined {
  return a.waivers.find((w) => w.rule === r.id && (w.item === undefined || w.item === unit.item) && states.includes(w.state));
}

function errorSuite(error: Portfolio['errors'][number]): Suite {
  return {
    name: error.file,
    cases: [{
      name: `audit ${error.file}`,
      classname: 'readiness',
      file: error.file,
      outcome: { kind: 'error', type: 'input', message: error.message, details: error.message },
    }],
  };
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

function suiteLines(suite: Suite): string[] {
  const head = attributes({ name: suite.name, ...counts(suite.cases), time: 0, timestamp: suite.timestamp });
  return [`  <testsuite ${head}>`, ...suite.cases.map(caseXml), '  </testsuite>'];
}

function caseXml(c: TestCase): string {
  const head = `    <testcase ${attributes({ name: c.name, classname: c.classname, time: 0, file: c.file, line: c.line })}`;
  const o = c.outcome;
  if (!o) return `${head}/>`;
  const child = o.kind === 'skipped'
    ? `<skipped ${attributes({ message: o.message })}/>`
    : `<${o.kind} ${attributes({ type: o.type, message: o.message })}>${escapeXml(o.details)}</${o.kind}>`;
  return `${head}>\n      ${child}\n    </testcase>`;
}

/** The counts CI parsers read; `tests` is always the sum of the other outcomes and the passes. */
function counts(cases: TestCase[]) {
  const of = (kind: Outcome['kind']) => cases.filter((c) => c.outcome?.kind === kind).length;
  return { tests: cases.length, failures: of('failure'), errors: of('error'), skipped: of('skipped') };
}

function attributes(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${key}="${escapeXml(String(value), true)}"`)
    .join(' ');
}

/** Characters XML 1.0 cannot carry, even escaped: most C0 controls, lone surrogates, U+FFFE and U+FFFF. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };

/**
 * Escapes text for XML 1.0 character data or a double-quoted attribute value. `>` is always
 * escaped so `]]>` cannot end anything; in attributes, tabs and line breaks become character
 * references so attribute-value normalisation keeps them; characters XML cannot represent
 * become U+FFFD, the replacement character, rather than making the file unreadable.
 */
export function escapeXml(text: string, inAttribute = false): string {
  return text
    .replace(NOT_XML_CHAR, '\uFFFD')
    .replace(inAttribute ? /[&<>"\t\n\r]/g : /[&<>\r]/g, (c) => ENTITIES[c]!);
}

