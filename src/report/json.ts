import type { Assessment, RuleResult } from '../scoring/assessment.js';
import type { PortfolioDocument } from './portfolio.js';

/** The documented, versioned serialisation of an assessment (docs/report-format.md). */
export function renderJson(assessment: Assessment): string {
  return `${JSON.stringify(assessment, null, 2)}\n`;
}

/**
 * A value `depth` levels down, indented as JSON.stringify(…, null, 2) indents it inside its
 * parents: wrapped in that many arrays and cut out again, which costs no copy of a project's
 * 100 KB or more.
 */
export function indentedJson(value: unknown, depth: number): string {
  const wrapped = JSON.stringify(Array.from({ length: depth }).reduce<unknown>((inner) => [inner], value), null, 2);
  // each wrapper adds `[` and a line break before, and a line break and `]` after, at its depth
  return wrapped.slice(depth * depth + 3 * depth, -(depth * depth + depth));
}

type RuleText = Pick<RuleResult, 'rationale' | 'remediation' | 'levelReason' | 'references'>;

/**
 * A portfolio carries each rule's text once, in `rules`, rather than once per project: a
 * thousand projects would otherwise repeat the same 300 KB each. A result keeps its own text only
 * where another pack gave the same rule id different words. The parts put together are the bytes
 * `JSON.stringify(portfolio, null, 2)` would give.
 */
export function jsonPortfolioDocument(): PortfolioDocument {
  const rules: Record<string, RuleText> = {};
  return {
    head: (s) => `{\n  "reportVersion": 1,\n  "generatedAt": ${JSON.stringify(s.generatedAt)},\n  "assessments": [`,
    project(a, i) {
      const results = a.results.map((result) => {
        const { rationale, remediation, levelReason, references, ...rest } = result;
        const text: RuleText = { rationale, remediation, ...(levelReason !== undefined && { levelReason }), references };
        rules[result.id] ??= text;
        return sameText(rules[result.id]!, text) ? rest : result;
      });
      return `${i ? ',' : ''}\n    ${indentedJson({ ...a, results }, 2)}`;
    },
    tail: (s) => `${s.projects.length ? '\n  ' : ''}],\n  "errors": ${indentedJson(s.errors, 1)},\n  "rules": ${indentedJson(rules, 1)}\n}\n`,
  };
}

function sameText(a: RuleText, b: RuleText): boolean {
  return a.rationale === b.rationale && a.remediation === b.remediation && a.levelReason === b.levelReason &&
    (a.references === b.references || JSON.stringify(a.references) === JSON.stringify(b.references));
}
