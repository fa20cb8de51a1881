import { describe, expect, it } from 'vitest';
import { renderJson, jsonPortfolioDocument } from '../../src/report/json.js';
import type { Assessment, Portfolio } from '../../src/scoring/assessment.js';
import { portfolio, smallAssessment, wholeReport } from '../fixtures/report/assessments.js';
import { portfolioPieces } from '../../src/report/portfolio.js';

type RuleText = Pick<Assessment['results'][number], 'rationale' | 'remediation' | 'levelReason' | 'references'>;
type Parsed = { assessments: Assessment[]; rules: Record<string, RuleText>; errors: unknown[] };

describe('the JSON portfolio', () => {
  it('moves rule text to one table, from which every result\'s text is recovered exactly', () => {
    const p = portfolio(); // a fixture pack and the built-in pack: both have an OBS-001, worded differently
    const parsed = JSON.parse(wholeReport(jsonPortfolioDocument(), p)) as Parsed;
    expect(parsed.errors).toEqual(p.errors);
    const textOf = (r: Partial<RuleText>) => ({ rationale: r.rationale, remediation: r.remediation, levelReason: r.levelReason, references: r.references });
    parsed.assessments.forEach((a, i) => {
      const original = JSON.parse(renderJson(p.assessments[i]!)) as Assessment;
      expect({ ...a, results: [] }).toEqual({ ...original, results: [] });
      a.results.forEach((r, j) => {
        const own = Object.hasOwn(r, 'remediation');
        expect(textOf(own ? r : parsed.rules[r.id]!)).toEqual(textOf(original.results[j]!));
        expect({ ...r, ...textOf(original.results[j]!) }).toEqual(original.results[j]);
      });
    });
    const keepsText = (a: Assessment) => a.results.filter((r) => Object.hasOwn(r, 'remediation')).map((r) => r.id);
    const fixtureIds = p.assessments[0]!.results.map((r) => r.id);
    expect(keepsText(parsed.assessments[0]!)).toEqual([]);
    expect(keepsText(parsed.assessments[1]!)).toEqual(p.assessments[1]!.results.map((r) => r.id).filter((id) => fixtureIds.includes(id)));
  });

  it('is written project by project, with exactly the bytes of JSON.stringify with two-space indents', () => {
    const p = portfolio();
    const pieces = [...portfolioPieces(jsonPortfolioDocument(), p)];
    expect(pieces).toHaveLength(p.assessments.length + 2);
    const text = pieces.join('');
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    const empty = wholeReport(jsonPortfolioDocument(), { ...p, assessments: [] });
    expect(empty).toBe(`${JSON.stringify({ reportVersion: 1, generatedAt: p.generatedAt, assessments: [], errors: p.errors, rules: {} }, null, 2)}\n`);
  });

  it('keeps the text on a result whose pack words the same rule id differently', () => {
    const first = smallAssessment();
    const second = smallAssessment();
    second.results = second.results.map((r) => (r.id === 'SEC-001' ? { ...r, remediation: 'Another pack says otherwise.' } : r));
    const p: Portfolio = { reportVersion: 1, generatedAt: first.generatedAt, assessments: [first, second], errors: [] };
    const parsed = JSON.parse(wholeReport(jsonPortfolioDocument(), p)) as Parsed;
    const remediationOf = (a: Assessment) => a.results.find((r) => r.id === 'SEC-001')!.remediation;
    expect(parsed.rules['SEC-001']!.remediation).toBe(first.results.find((r) => r.id === 'SEC-001')!.remediation);
    expect(remediationOf(parsed.assessments[0]!)).toBeUndefined();
    expect(remediationOf(parsed.assessments[1]!)).toBe('Another pack says otherwise.');
  });
});
