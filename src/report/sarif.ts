import { createHash } from 'node:crypto';
import type { SourcePosition } from '../errors.js';
import type { WaiverOutcome } from '../engine/waivers.js';
import type { FactEvidence } from '../facts/evidence.js';
import type { Provenance } from '../facts/types.js';
import { posix } from 'node:path';
import type { Level, Severity } from '../rules/types.js';
import type { Assessment, Portfolio, RuleResult } from '../scoring/assessment.js';
import { indentedJson } from './json.js';
import { oneProjectReport, type PortfolioDocument } from './portfolio.js';
import { firstSentence } from '../scoring/action-plan.js';
import { LEVEL_NAMES } from '../scoring/model.js';
import { VERSION } from '../version.js';
import { flatten } from './prose.js';
import { isOpen } from '../engine/types.js';

/**
 * SARIF 2.1.0 for code-scanning dashboards (GitHub code scanning, GitLab, Azure DevOps): one
 * result per actionable finding — an in-scope rule, or one item of a per-item rule, that fails or
 * has no answer, an expired waiver being one of them since it no longer excuses anything —
 * located at the manifest line of the fact it concerns. Passes, waived and not-applicable rules,
 * rules beyond the target level and the maturity score are not findings, so they stay out.
 */
export function renderSarif(a: Assessment): string {
  return oneProjectReport(sarifPortfolioDocument(), a);
}

/**
 * A portfolio is one run holding every project's findings, each located in its own manifest:
 * GitHub stopped merging several runs of one tool in one upload (an upload with two such runs
 * now fails), so one run per project would need one upload and category per project.
 * Manifests that could not be audited are reported as tool execution notifications.
 */
export function sarifPortfolioDocument(): PortfolioDocument {
  // Results are written project by project. The rule table, which lists every rule they cite in
  // the order first cited, comes before them in the file but is written last, with the head.
  const rules: ReturnType<typeof ruleDescriptor>[] = [];
  const index = new Map<string, number>();
  const contradictions: { a: Assessment; fact: FactEvidence }[] = [];
  let version: string | undefined;
  let results = 0;
  const ruleIndex = (result: RuleResult) => {
    if (!index.has(result.id)) index.set(result.id, rules.push(ruleDescriptor(result)) - 1);
    return index.get(result.id)!;
  };
  // a result, indented as it is inside runs[0].results
  const written = (result: unknown) => `${results++ ? ',' : ''}\n        ${indentedJson(result, 4)}`;
  return {
    project(a) {
      version ??= a.tool.version;
      contradictions.push(...(a.evidence?.facts ?? []).filter((f) => f.status === 'contradicted').map((fact) => ({ a, fact })));
      return findings(a).map((f) => written(sarifResult(f, ruleIndex(f.result)))).join('');
    },
    head(s) {
      const text = serialise(sarifLog(version ?? VERSION, [...rules, ...(contradictions.length ? [CONTRADICTION_RULE] : [])], s.errors));
      return text.slice(0, text.lastIndexOf('"results": [') + '"results": ['.length);
    },
    tail() {
      const last = contradictions.map(({ a, fact }) => written(contradictionResult(a, fact, rules.length))).join('');
      return `${last}${results ? '\n      ' : ''}]\n    }\n  ]\n}\n`;
    },
  };
}

/**
 * Where readiness is documented; dashboards link the tool name to it. Unset until the project
 * has a public home: the npm name `readiness` belongs to an unrelated package, and a wrong link
 * is worse than none.
 */
export const TOOL_INFORMATION_URI: string | undefined = undefined;

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** Names the fingerprint scheme, so a future change of what identifies a finding is a new key. */
const FINGERPRINT_KEY = 'readinessFinding/v1';

const LEVEL_BY_SEVERITY: Record<Severity, SarifLevel> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };

/** GitHub's `problem.severity` vocabulary for findings that are not security findings. */
const PROBLEM_SEVERITY: Record<Severity, string> = { critical: 'error', high: 'error', medium: 'warning', low: 'recommendation' };

/**
 * GitHub reads `security-severity` (0.1–10) for rules tagged `security` and turns it back into
 * critical (over 9.0), high (7.0–8.9), medium (4.0–6.9) and low (0.1–3.9): these values land
 * in the middle of each band, so the dashboard shows the rule's own severity.
 */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '2.0' };

/** GitHub shows at most 1024 characters of a rule's descriptions. */
const DESCRIPTION_LIMIT = 1024;

type SarifLevel = 'error' | 'warning' | 'note';

/** One finding: a rule, or one item of a per-item rule, that fails or lacks an answer. */
interface Finding {
  assessment: Assessment;
  result: RuleResult;
  item?: string;
  status: 'fail' | 'unknown';
  missing: string[];
  reason?: string;
  location?: Provenance;
  expiredWaiver?: WaiverOutcome;
}

/** The log around the results, with none: `results` is filled in by the document above. */
function sarifLog(version: string, rules: unknown[], errors: Portfolio['errors']) {
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'readiness',
          version,
          semanticVersion: version,
          ...(TOOL_INFORMATION_URI ? { informationUri: TOOL_INFORMATION_URI } : {}),
          rules,
        },
      },
      invocations: [{
        executionSuccessful: errors.length === 0,
        ...(errors.length ? { toolExecutionNotifications: errors.map(notification) } : {}),
      }],
      // The YAML parser counts columns in UTF-16 code units, as JavaScript strings do.
      columnKind: 'utf16CodeUnits',
      results: [],
    }],
  };
}

function findings(a: Assessment): Finding[] {
  return a.results.filter((r) => r.inScope).flatMap((result) => {
    const units = result.items?.length ? result.items.map((i) => ({ ...i, item: i.name })) : [{ ...result, item: undefined }];
    return units
      .filter((u) => isOpen(u.status))
      .map((u) => ({
        assessment: a,
        result,
        item: u.item,
        status: u.status as Finding['status'],
        missing: u.missing,
        reason: u.reason,
        location: u.location,
        expiredWaiver: a.waivers.find((w) => w.state === 'expired' && w.rule === result.id && (w.item === undefined || w.item === u.item)),
      }));
  });
}

function sarifResult(f: Finding, ruleIndex: number) {
  const uri = artifactUri(f.location?.file ?? f.assessment.manifest);
  const related = f.expiredWaiver
    ? [{ id: 1, physicalLocation: physicalLocation(f.expiredWaiver.source, f.assessment.manifest), message: { text: `The waiver, expired on ${f.expiredWaiver.expires}.` } }]
    : [];
  return {
    ruleId: f.result.id,
    ruleIndex,
    level: LEVEL_BY_SEVERITY[f.result.severity],
    message: { text: escapePlaceholders(message(f)) },
    locations: [{ physicalLocation: physicalLocation(f.location, f.assessment.manifest) }],
    ...(related.length ? { relatedLocations: related } : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(uri, f.result.id, f.item) },
    properties: {
      project: f.assessment.project.name,
      status: f.status,
      ...(f.item !== undefined ? { item: f.item } : {}),
      ...(f.missing.length ? { missing: f.missing } : {}),
    },
  };
}

/** A claim the repository speaks against (`--scan`): a finding of its own, at the manifest line. */
const CONTRADICTION_RULE = {
  id: 'evidence/contradicted',
  name: 'ClaimContradictedByRepository',
  shortDescription: { text: 'A fact declared in the manifest is contradicted by the repository' },
  fullDescription: { text: 'The scan of the repository found evidence of the opposite of what the manifest declares, so the score may rest on a claim that is not true.' },
  defaultConfiguration: { level: 'warning' },
  help: {
    text: 'Check the evidence locations: either fix the code or configuration they show, or correct the manifest.',
    markdown: 'Check the evidence locations: either fix the code or configuration they show, or correct the manifest.',
  },
  properties: { tags: ['evidence'], precision: 'high', 'problem.severity': 'warning' },
};

function contradictionResult(a: Assessment, fact: FactEvidence, ruleIndex: number) {
  const root = a.evidence!.root;
  const uri = artifactUri(fact.declaredAt?.file ?? a.manifest);
  return {
    ruleId: CONTRADICTION_RULE.id,
    ruleIndex,
    level: 'warning',
    message: { text: escapePlaceholders(`${fact.path} is declared ${JSON.stringify(fact.declared)}, but the repository shows ${JSON.stringify(fact.detected)}: ${fact.evidence.map((e) => e.signal).join('; ')}.`) },
    locations: [{ physicalLocation: physicalLocation(fact.declaredAt, a.manifest) }],
    relatedLocations: fact.evidence.map((e, i) => ({
      id: i + 1,
      physicalLocation: { artifactLocation: { uri: artifactUri(posix.join(root.replace(/\\/g, '/'), e.file)) }, region: { startLine: e.line } },
      message: { text: e.signal },
    })),
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(uri, CONTRADICTION_RULE.id, fact.path) },
    properties: { project: a.project.name, status: 'contradicted', fact: fact.path },
  };
}

/** The first sentence names the rule and the item: it is what a dashboard shows when short of room. */
function message(f: Finding): string {
  const title = f.result.title.replace(/[.\s]+$/, '');
  const subject = f.item !== undefined ? ` for ${f.item}` : '';
  const text = f.status === 'fail'
    ? `Not met${subject}: ${title}. ${firstSentence(f.result.remediation)}`
    : `Not answered${subject}: ${title}. ${f.missing.length
      ? `Declare ${f.missing.join(', ')} in the manifest; until then it counts as not met.`
      : `${f.reason ?? 'It could not be evaluated'}; until it can be, it counts as not met.`}`;
  const w = f.expiredWaiver;
  return w ? `${text} Its waiver expired on ${w.expires} (owner ${w.owner}): renew the waiver or fix the finding.` : text;
}

function physicalLocation(where: Provenance | SourcePosition | undefined, manifest: string) {
  return {
    artifactLocation: { uri: artifactUri(where?.file ?? manifest) },
    // GitHub needs a line to show an alert; a fact nobody declared has none, so the finding
    // sits at the top of the manifest where the answer belongs.
    region: { startLine: where?.line ?? 1, ...(where?.line && where.column ? { startColumn: where.column } : {}) },
  };
}

/**
 * The path as given, as a URI reference: relative paths stay relative (dashboards resolve them
 * against the repository root), absolute ones become file URIs, and each segment is
 * percent-encoded so spaces, `#` or `%` in a name cannot change the meaning of the URI.
 */
export function artifactUri(path: string): string {
  const slashed = path.replace(/\\/g, '/');
  const encode = (p: string) => p.split('/').map(encodeURIComponent).join('/');
  if (/^[A-Za-z]:\//.test(slashed)) return `file:///${slashed.slice(0, 2)}${encode(slashed.slice(2))}`;
  if (slashed.startsWith('/')) return `file://${encode(slashed)}`;
  return encode(slashed.replace(/^(\.\/)+/, ''));
}

/** Stable across runs and line moves: the manifest, the rule and the item identify a finding. */
function fingerprint(uri: string, ruleId: string, item: string | undefined): string {
  return createHash('sha256').update([uri, ruleId, item ?? ''].join('\0')).digest('hex').slice(0, 32);
}

function notification(error: Portfolio['errors'][number]) {
  return {
    level: 'error',
    message: { text: escapePlaceholders(error.message) },
    locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(error.file) } } }],
  };
}

/**
 * The rules with findings, once each, described by their own defaults: a manifest's override of
 * a rule's severity shows on its results. Rules without findings are left out, as the results are.
 */
function ruleDescriptor(r: RuleResult) {
  const severity = r.adjustment?.severity?.from ?? r.severity;
  const level = r.adjustment?.level?.from ?? r.level;
  const security = r.category === 'security';
  const helpUri = r.references.map((ref) => absoluteUrl(ref.url)).find((url) => url !== undefined);
  return {
    id: r.id,
    name: ruleName(r),
    shortDescription: { text: r.title },
    fullDescription: { text: truncate(flatten(r.rationale), DESCRIPTION_LIMIT) },
    defaultConfiguration: { level: LEVEL_BY_SEVERITY[severity] },
    ...(helpUri ? { helpUri } : {}),
    help: { text: helpText(r, level), markdown: helpMarkdown(r, level) },
    properties: {
      tags: [r.category, `level-${level}`],
      precision: 'very-high',
      ...(security ? { 'security-severity': SECURITY_SEVERITY[severity] } : { 'problem.severity': PROBLEM_SEVERITY[severity] }),
    },
  };
}

function helpText(r: RuleResult, level: Level): string {
  return [
    `Why it matters: ${flatten(r.rationale)}`,
    `How to fix: ${flatten(r.remediation)}`,
    `Required from level ${level} (${LEVEL_NAMES[level]})${r.levelReason ? `: ${flatten(r.levelReason)}` : '.'}`,
    ...(r.references.length ? [`References:\n${r.references.map((ref) => `- ${ref.title}: ${ref.url}`).join('\n')}`] : []),
    `Run \`readiness explain ${r.id}\` for the whole rule.`,
  ].join('\n\n');
}

function helpMarkdown(r: RuleResult, level: Level): string {
  return [
    `**Why it matters.** ${flatten(r.rationale)}`,
    `**How to fix.** ${flatten(r.remediation)}`,
    `**Required from level ${level} (${LEVEL_NAMES[level]}).**${r.levelReason ? ` ${flatten(r.levelReason)}` : ''}`,
    ...(r.references.length ? [`**References**\n\n${r.references.map((ref) => `- ${markdownLink(ref.title, ref.url)}`).join('\n')}`] : []),
    `Run \`readiness explain ${r.id}\` for the whole rule.`,
  ].join('\n\n');
}

/**
 * SARIF wants a Pascal-case identifier an end user understands (`EveryDependencyHasATimeout`
 * would read as two capitals in a row, which SARIF validators flag): words are capitalised,
 * acronyms too (`Cpu`), the article "a" is dropped and possessives are joined (`Services`).
 */
function ruleName(r: RuleResult): string {
  const words = r.title.replace(/['\u2019]/g, '').match(/[\p{L}\p{N}]+/gu) ?? [];
  const name = words
    .filter((w) => w.toLowerCase() !== 'a')
    .map((w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase())
    .join('');
  return name || r.id;
}

function markdownLink(title: string, url: string): string {
  const text = title.replace(/[\\[\]]/g, (c) => `\\${c}`);
  const href = absoluteUrl(url);
  return href ? `[${text}](<${href.replace(/[<>]/g, encodeURIComponent)}>)` : text;
}

/** A reference URL a dashboard can open, normalised (spaces encoded), or nothing. */
function absoluteUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** In SARIF message strings `{` and `}` start placeholders, so literal ones are doubled. */
function escapePlaceholders(text: string): string {
  return text.replace(/[{}]/g, (c) => c + c);
}


function truncate(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const cut = text.slice(0, limit - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 1))}…`;
}

function serialise(log: unknown): string {
  return `${JSON.stringify(log, null, 2)}\n`;
}
