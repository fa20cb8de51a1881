import { describe, expect, it } from 'vitest';
import { biggestRisks } from '../../src/report/findings.js';
import { escapeMarkdown, renderMarkdown, markdownPortfolioDocument } from '../../src/report/markdown.js';
import { actionWorth, ruleRef } from '../../src/report/wording.js';
import { portfolio, realAssessment, smallAssessment, wholeReport, withBaseline } from '../fixtures/report/assessments.js';
import { auditFixture } from '../helpers.js';

const small = smallAssessment();
const real = realAssessment();
const smallMd = renderMarkdown(small);
const realMd = renderMarkdown(real);

/** The text of a `##` section, up to the next heading of the same or a higher level. */
function section(md: string, heading: string): string {
  const start = md.indexOf(`\n${heading}\n`);
  expect(start, `missing section ${heading}`).toBeGreaterThanOrEqual(0);
  const depth = heading.indexOf(' ');
  const rest = md.slice(start + heading.length + 2);
  const end = rest.search(new RegExp(`\\n#{1,${depth}} `));
  return end < 0 ? rest : rest.slice(0, end);
}

/** Table cells split on the pipes Markdown sees: a `\|` stays inside its cell. */
function cells(row: string): string[] {
  return row.trim().slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim());
}

/** Every row of every table has as many cells as its header: no user text broke one. */
function expectWellFormedTables(md: string) {
  const tables = md.split(/\n\n+/).filter((block) => block.startsWith('|'));
  expect(tables.length).toBeGreaterThan(0);
  for (const table of tables) {
    const [header, ...rows] = table.split('\n');
    for (const row of rows) expect(cells(row), row).toHaveLength(cells(header!).length);
  }
}

describe('renderMarkdown', () => {
  it('opens with the report metadata, from the manifest unless options override it', () => {
    expect(smallMd).toContain('- **Client:** Acme \\& Co\n- **Assessor:** Jane Doe\n- **Date:** 2026-11-25');
    const overridden = renderMarkdown(small, { metadata: { client: 'Globex', date: '2027-01-15' } });
    expect(overridden).toContain('- **Client:** Globex\n- **Assessor:** Jane Doe\n- **Date:** 2027-01-15');
    expect(smallMd).toContain('- **Profile:** internal, target level 2 Repeatable');
    expect(smallMd).toContain('- **Rule packs:** scoring-fixture 1.0.0');
  });

  it('summarises score, level against target and coverage', () => {
    const summary = section(smallMd, '## Executive summary');
    // in scope: SEC-001 8 pass, SEC-002 4 fail (its waiver expired), OBS-001 2 pass, RES-001 4 with y waived
    expect(summary).toContain('- **Score:** 77.8 / 100 of what the internal profile needs (66.7 without waivers).');
    expect(summary).toContain('- **Level:** Level 1 Foundations against a target of 2 Repeatable: below the target. Level 2 is blocked by 1 rule.');
    expect(summary).toContain('- **Coverage:** 100% of the rules in scope have the facts they need.');
    expect(section(realMd, '## Executive summary')).toContain(`- **Coverage:** ${real.coverage}% of the rules in scope have the facts they need; `);
  });

  it('names the three biggest risks in plain words, most serious first', () => {
    const risks = section(realMd, '### The three biggest risks').trim().split('\n');
    expect(risks).toHaveLength(3);
    const [first] = biggestRisks(real);
    expect(first!.result.severity).toBe('critical');
    expect(risks[0]).toBe(`1. **${first!.result.title}** (SEC-008, critical, level 2): Not in place for public API. ` +
      'When the server only checks that a caller is logged in, changing an id in the URL or body returns someone else\'s order, invoice or tenant (IDOR/BOLA).');
    expect(section(smallMd, '### The three biggest risks')).toContain('1. **B is in place** (SEC-002, high, level 2): Not in place.');
  });

  it('says so plainly when no level is reached and a risk is only unanswered', () => {
    const md = renderMarkdown(auditFixture('version: 1\nproject: {name: x, profile: internal}\nsecurity: {b: true}\nobservability: {c: true, has_ui: false}\ndependencies: []\n'));
    expect(md).toContain('- **Level:** No level reached yet against a target of 2 Repeatable: below the target. Level 1 is blocked by 1 rule.');
    expect(section(md, '### The three biggest risks')).toContain('1. **A is in place** (SEC-001, critical, level 1): Not answered, so it counts as not in place. r');
    expect(section(md, '### Within the target (1)')).toContain('1. **SEC-001: A is in place** · critical · level 1 · **+57.1 points, reaches level 2**\\\n   Declare security.a');
  });

  it('marks achieved and target levels on the ladder', () => {
    const ladder = section(smallMd, '### Level ladder');
    expect(ladder).toContain('| 1 | Foundations | achieved |');
    expect(ladder).toContain('| 2 | Repeatable | target, 1 rule open |');
  });

  it('lists every category with the numbers of the assessment, n/a never shown as 0', () => {
    const table = section(smallMd, '## Category scores');
    expect(table).toContain('| Security | 66.7 | 1 | 1 | 0 | 0 | 0 | 0 |');
    expect(table).toContain('| Resilience | 100 | 0 | 0 | 0 | 1 | 0 | 0 |');
    expect(table).toContain('| Database migrations | n/a | 0 | 0 | 0 | 0 | 0 | 0 |');
    for (const c of real.categories) {
      expect(section(realMd, '## Category scores')).toContain(
        `| ${c.title} | ${c.score ?? 'n/a'} | ${c.pass} | ${c.fail} | ${c.unknown} | ${c.waived} | ${c.notApplicable} | ${c.beyondTarget} |`);
    }
  });

  it('gives the action plan in order with what each fix is worth', () => {
    expect(section(smallMd, '## Action plan')).toContain('1. **SEC-002: B is in place** · high · level 2 · **+22.2 points, reaches level 4**\\\n   Do B.');
    const plan = section(realMd, '## Action plan');
    const within = real.actionPlan.filter((i) => !i.beyondTarget);
    expect(plan).toContain(`### Within the target (${within.length})`);
    let last = -1;
    within.forEach((item, i) => {
      const line = `${i + 1}. **${escapeMarkdown(ruleRef(item))}** · ${item.severity} · level ${item.level} · **${actionWorth(item)}**`;
      const at = plan.indexOf(line);
      expect(at, line).toBeGreaterThan(last);
      last = at;
    });
    expect(plan).toContain('· **+2 points, needed for level 2**');
  });

  it('explains each finding with status, evidence, rationale, remediation and references', () => {
    const security = section(smallMd, '### Security (score 66.7)');
    expect(security).toContain('#### SEC-002 B is in place');
    expect(security).toContain('**Status:** fail (waiver expired 2026-11-01) · **Severity:** high · **Level:** 2 · **Declared at:** readiness.yaml:9 (manifest)');
    expect(security).toContain('**Waiver:** expired on 2026-11-01, owned by lead: legacy');
    expect(security).toContain('**Why it matters.** r');
    expect(security).toContain('**What to do.** Do B.');
    expect(security).toContain('**References:** [ref](https://example.org/b)');
    expect(section(smallMd, '### Database migrations (score n/a)')).toContain('Nothing in this category is in scope.');
    // per-item rules name the items that fail, where each was declared; rule prose keeps its code spans
    const resilience = section(realMd, '### Resilience (score 40.7)');
    expect(resilience).toContain('**Status:** fail for payment-gateway (payments.yaml:23) · **Severity:** high · **Level:** 2');
    expect(resilience).toContain('axios `timeout` or `AbortSignal.timeout()` with fetch');
  });

  it('groups waivers by state: active, expiring soon, expired, orphaned, redundant', () => {
    const waivers = section(smallMd, '## Waivers');
    const headings = waivers.split('\n').filter((l) => l.startsWith('### '));
    expect(headings).toEqual(['### Active (1)', '### Expiring soon (1)', '### Expired (1)', '### Orphaned (1)', '### Redundant (1)']);
    expect(section(smallMd, '### Expiring soon (1)')).toContain('| RES-001 | y\\|\\<b\\>z\\</b\\> | lead | 2026-12-10 | vendor \\| SDK has no timeout | OPS-7 | readiness.yaml:18 |');
    expect(section(smallMd, '### Orphaned (1)')).toContain('no rule SEC-009 is loaded');
  });

  it('lists every rule evaluated in the appendix, passes included, with the evidence behind it', () => {
    const appendix = section(smallMd, '## Appendix A: every rule evaluated');
    expect(appendix).toContain('| SEC-001 | A is in place | 1 | critical | pass | readiness.yaml:8 (manifest) |');
    expect(appendix).toContain('| OBS-002 | D is in place | 3 | low | waived (unknown without the waiver, until 2027-05-31) | readiness.yaml:11 (manifest); missing: observability.d |');
    expect(appendix).toContain('| OBS-003 | D is in place where there is a UI | 2 | medium | n/a | readiness.yaml:12 (manifest); applies only when observability.has\\_ui |');
    expect(appendix).toContain('items: x pass at readiness.yaml:14 (manifest), y\\|\\<b\\>z\\</b\\> waived at readiness.yaml:15 (manifest)');
    const rows = section(realMd, '## Appendix A: every rule evaluated').split('\n').filter((l) => /^\| [A-Z]+-\d+ \|/.test(l));
    expect(rows.map((r) => cells(r)[0])).toEqual(real.categories.flatMap((c) => real.results.filter((r) => r.category === c.id).map((r) => r.id)));
    expect(rows).toHaveLength(real.results.length);
  });

  it('shows the gate outcome only when gates ran', () => {
    const gate = section(smallMd, '## Release gate');
    expect(gate).toContain('**Failed.**');
    expect(gate).toContain('| min-score | failed | score 77.8 \\< 80 |');
    expect(realMd).not.toContain('Release gate');
  });

  it('shows the change since a baseline, and calls out changed rule packs', () => {
    const md = renderMarkdown(withBaseline(small));
    const change = section(md, '## Change since 2026-08-01');
    expect(change).toContain('Compared with reports/2026-08.json of 2026-08-01.');
    expect(change).toContain('> **Rule packs changed:** scoring-fixture 0.9.0 → 1.0.0. Part of the change may come from the rules rather than the project.');
    expect(change).toContain('**Regressed:**');
    expect(change).toContain('| Score | 70.5 | 77.8 | +7.3 |');
    expect(change).toContain('| Level | 2 | 1 | −1 |');
    expect(change).toContain('| Coverage | 90% | 100% | +10 |');
    expect(change).toContain('| Security | 60 | 66.7 | +6.7 |');
    expect(change).toContain('| Database migrations | n/a | n/a | n/a |');
    expect(section(md, '### Newly failing (1)')).toContain('- SEC-002: B is in place');
    expect(section(md, '### Newly fixed (1)')).toContain('- RES-001 (x): Every dependency has a timeout');
    expect(smallMd).not.toContain('Change since');
  });

  it('escapes user text so it can neither break a table nor inject markup', () => {
    expect(smallMd.split('\n')[0]).toBe('# Engineering readiness: Shop \\| \\<script\\>alert(1)\\</script\\>');
    expect(smallMd).toContain('- **Owner:** team \\*core\\*');
    expect(smallMd).not.toMatch(/(?<!\\)<script/);
    expect(smallMd).not.toMatch(/(?<!\\)<b>/);
    expectWellFormedTables(smallMd);
    expectWellFormedTables(realMd);
    expect(escapeMarkdown('- not a list')).toBe('\\- not a list');
    expect(escapeMarkdown('1. not a list')).toBe('1\\. not a list');
    expect(escapeMarkdown('a\nb  c')).toBe('a b c');
    expect(escapeMarkdown('[x](javascript:alert(1))')).toBe('\\[x\\](javascript:alert(1))');
  });
});

describe('markdownPortfolioDocument', () => {
  const p = portfolio();
  const md = wholeReport(markdownPortfolioDocument({ metadata: { assessor: 'Jane Doe' } }), p);

  it('starts with a summary table: profile, score, level against target, coverage, top gap', () => {
    expect(md.split('\n')[0]).toBe('# Engineering readiness portfolio');
    expect(md).toContain('- **Assessor:** Jane Doe');
    const summary = section(md, '## Summary');
    expect(summary).toContain('| Project | Profile | Score | Level (achieved / target) | Coverage | Top gap |');
    expect(summary).toContain('| Shop \\| \\<script\\>alert(1)\\</script\\> | internal | 77.8 | 1 / 2 (below target) | 100% | SEC-002: B is in place |');
    const top = real.actionPlan[0]!;
    expect(summary).toContain(`| Checkout \\| Payments API | production | ${real.score} | ${real.achieved.level} / 3 (below target) | ${real.coverage}% | ${escapeMarkdown(ruleRef(top))} |`);
  });

  it('lists the manifests that could not be audited', () => {
    expect(section(md, '## Manifests that could not be audited'))
      .toContain('| services/broken\\|one.yaml | services/broken\\|one.yaml:3:1: expected a map \\<here\\> |');
  });

  it('then gives each project its full report, one heading level down', () => {
    expect(md.match(/^# /gm)).toHaveLength(1);
    expect(md).toContain('\n## Shop \\| \\<script\\>alert(1)\\</script\\>\n');
    expect(md).toContain('\n## Checkout \\| Payments API\n');
    expect(md.match(/^### Executive summary$/gm)).toHaveLength(2);
    expect(md.match(/^### Appendix A: every rule evaluated$/gm)).toHaveLength(2);
    expectWellFormedTables(md);
  });
});
