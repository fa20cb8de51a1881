import type { Assessment, RuleResult } from '../scoring/assessment.js';
import { evidenceRows, evidenceSummary } from './evidence-rows.js';
import { biggestRisks, findingsByCategory, openItems, splitPlan } from './findings.js';
import type { PortfolioDocument } from './portfolio.js';
import { levelLadder, stepState } from './ladder.js';
import { splitCodeSpans } from './prose.js';
import { portfolioMetadata, reportMetadata, type ReportMetadata, type ReportOptions } from './report-options.js';
import { groupWaivers, WAIVER_COLUMNS, waiverCells } from './waiver-groups.js';
import {
  actionWorth, baselineDate, changeTitle, SAY, SECTION_TITLES, coverageSentence, formatDelta, formatLevel, formatLocation, formatScore, levelSentence,
  meetsTarget, nextLevelSentence, openItemsWithLocation, packChange, ruleRef, scoreSentence, STATUS_LABELS, statusDetail, waiverSentence,
} from './wording.js';

/** The consultant's report as Markdown: the whole assessment, evidence included, for a client to read. */
export function renderMarkdown(a: Assessment, options: ReportOptions = {}): string {
  return finish(projectReport(a, reportMetadata(a, options), 1));
}

/** Several projects: a summary table, the manifests that failed, then each project's report. */
export function markdownPortfolioDocument(options: ReportOptions = {}): PortfolioDocument {
  return {
    head(s) {
      const lines = ['# Engineering readiness portfolio', '', ...metadataLines(portfolioMetadata(s, options))];
      lines.push(`- **Projects:** ${s.projects.length} audited${s.errors.length ? `, ${s.errors.length} could not be audited` : ''}`, '');
      lines.push('## Summary', '');
      lines.push(...table(['Project', 'Profile', 'Score', 'Level (achieved / target)', 'Coverage', 'Top gap'], s.projects.map((a) => [
        md(a.project.name),
        a.project.profile,
        String(a.score),
        `${a.achieved.level} / ${a.target.level}${meetsTarget(a) ? '' : ' (below target)'}`,
        `${a.coverage}%`,
        a.topGap ? md(ruleRef(a.topGap)) : 'none',
      ]), ['left', 'left', 'right', 'left', 'right', 'left']));
      if (s.errors.length > 0) {
        lines.push('## Manifests that could not be audited', '');
        lines.push(...table(['File', 'Error'], s.errors.map((e) => [md(e.file), md(e.message)])));
      }
      return finish(lines);
    },
    project: (a) => `\n${finish(projectReport(a, reportMetadata(a, options), 2))}`,
    tail: () => '',
  };
}

/** One project's report, its title at heading depth `depth` (1 alone, 2 inside a portfolio). */
function projectReport(a: Assessment, meta: ReportMetadata, depth: number): string[] {
  const h = (offset: number, text: string) => `${'#'.repeat(Math.min(depth + offset, 6))} ${text}`;
  const lines: string[] = [];
  lines.push(h(0, depth === 1 ? `Engineering readiness: ${md(a.project.name)}` : md(a.project.name)), '');
  if (a.project.description) lines.push(md(a.project.description), '');
  lines.push(...metadataLines(meta));
  if (a.project.owner) lines.push(`- **Owner:** ${md(a.project.owner)}`);
  lines.push(`- **Profile:** ${a.project.profile}, target level ${formatLevel(a.target.level)}${a.profileOverridden ? ' (set on the command line)' : ''}`);
  lines.push(`- **Manifest:** ${md(a.manifest)}`);
  lines.push(`- **Rule packs:** ${a.packs.map((p) => md(`${p.name} ${p.version}`)).join(', ')}`, '');

  lines.push(h(1, SECTION_TITLES.summary), '');
  lines.push(`- **Score:** ${scoreSentence(a)}`);
  const next = nextLevelSentence(a);
  lines.push(`- **Level:** ${levelSentence(a)}${next ? ` ${next}` : ''}`);
  lines.push(`- **Coverage:** ${coverageSentence(a)}`);
  if (a.gate) lines.push(`- **Gate:** ${a.gate.passed ? 'passed' : 'failed'}.`);
  lines.push('', h(2, 'The three biggest risks'), '');
  const risks = biggestRisks(a);
  if (risks.length === 0) lines.push(SAY.noRisks);
  risks.forEach((risk, i) => lines.push(
    `${i + 1}. **${md(risk.result.title)}** (${risk.result.id}, ${risk.result.severity}, level ${risk.result.level}): ${md(risk.statement)} ${prose(risk.why)}`));
  lines.push('', h(2, 'Level ladder'), '');
  lines.push(...table(['Level', 'Name', 'Status'], levelLadder(a).reverse().map((s) => [String(s.level), s.name, stepState(s)])));

  if (a.gate) {
    lines.push(h(1, SECTION_TITLES.gate), '', `**${a.gate.passed ? 'Passed' : 'Failed'}.**`, '');
    lines.push(...table(['Gate', 'Result', 'Detail'], a.gate.checks.map((c) => [c.gate, c.passed ? 'passed' : 'failed', md(c.detail)])));
  }

  if (a.baseline) lines.push(...baselineSection(a, h));

  lines.push(h(1, SECTION_TITLES.categories), '');
  lines.push(SAY.categoryScores, '');
  lines.push(...table(['Category', 'Score', 'Pass', 'Fail', 'Unknown', 'Waived', 'N/A', 'Beyond target'], a.categories.map((c) => [
    c.title, formatScore(c.score), ...[c.pass, c.fail, c.unknown, c.waived, c.notApplicable, c.beyondTarget].map(String),
  ]), ['left', ...Array<Align>(7).fill('right')]));

  lines.push(h(1, SECTION_TITLES.actions), '');
  lines.push(SAY.actionOrder, '');
  const { within, beyond } = splitPlan(a);
  lines.push(h(2, `Within the target (${within.length})`), '');
  if (within.length === 0) lines.push(SAY.nothingWithin, '');
  within.forEach((item, i) => {
    const worth = actionWorth(item);
    const marker = `${i + 1}. `;
    // A trailing backslash is a hard line break; the indent keeps the action inside the list item.
    lines.push(`${marker}**${md(ruleRef(item))}** · ${item.severity} · level ${item.level}${worth ? ` · **${worth}**` : ''}\\`);
    lines.push(`${' '.repeat(marker.length)}${prose(item.action)}`);
  });
  if (beyond.length > 0) {
    lines.push('', h(2, `Beyond the target (${beyond.length})`), '');
    lines.push(SAY.wayFurther, '');
    beyond.forEach((item, i) => lines.push(`${i + 1}. ${md(ruleRef(item))} · ${item.severity} · level ${item.level}`));
  }
  lines.push('');

  lines.push(h(1, SECTION_TITLES.findings), '');
  for (const { category, open, waived, beyondTarget } of findingsByCategory(a)) {
    lines.push(h(2, `${category.title} (score ${formatScore(category.score)})`), '');
    if (open.length + waived.length === 0) lines.push(category.score === null ? SAY.categoryOutOfScope : SAY.categoryPasses, '');
    for (const r of [...open, ...waived]) lines.push(...finding(r, h));
    if (beyondTarget.length > 0) {
      lines.push(`**Beyond the target:** ${beyondTarget.map((r) => `${r.id} ${md(r.title)} (level ${r.level}, ${STATUS_LABELS[r.status]})`).join('; ')}.`, '');
    }
  }

  lines.push(h(1, SECTION_TITLES.waivers), '');
  const groups = groupWaivers(a.waivers);
  if (groups.length === 0) lines.push(SAY.noWaivers, '');
  for (const group of groups) {
    lines.push(h(2, `${group.title} (${group.waivers.length})`), '', group.meaning, '');
    lines.push(...table([...WAIVER_COLUMNS], group.waivers.map((w) => waiverCells(w).map(md))));
  }

  if (a.evidence) {
    lines.push(h(1, SECTION_TITLES.evidence), '', md(evidenceSummary(a)), '');
    lines.push(...table(['Status', 'Fact', 'Declared', 'Repository shows', 'Where'], evidenceRows(a).map((r) => [
      r.status, md(r.path), md(r.declared), md(r.found), md(r.where.join('; ')),
    ])));
  }

  lines.push(h(1, SECTION_TITLES.rules), '');
  lines.push(SAY.everyRule, '');
  for (const category of a.categories) {
    const results = a.results.filter((r) => r.category === category.id);
    if (results.length === 0) continue;
    lines.push(h(2, category.title), '');
    lines.push(...table(['Rule', 'Title', 'Level', 'Severity', 'Status', 'Evidence'], results.map((r) => [
      r.id, md(r.title), String(r.level), r.severity, md(statusDetail(r)), evidence(r),
    ])));
  }

  lines.push(h(1, SECTION_TITLES.method), '');
  lines.push(md(a.scoring.formula), '');
  lines.push(`Severity weights: ${Object.entries(a.scoring.weights).map(([s, w]) => `${s} ${w}`).join(', ')}. ` +
    `Levels: ${Object.entries(a.scoring.levels).map(([l, n]) => `${l} ${n}`).join(', ')}. ` +
    `Profile targets: ${Object.entries(a.scoring.targets).map(([p, l]) => `${p} ${l}`).join(', ')}.`, '');
  lines.push(`Rule packs: ${a.packs.map((p) => md(`${p.name} ${p.version}`)).join(', ')}. Generated by ${a.tool.name} ${a.tool.version} on ${a.generatedAt.slice(0, 10)}.`, '');
  return lines;
}

function metadataLines(meta: ReportMetadata): string[] {
  return [
    ...(meta.client ? [`- **Client:** ${md(meta.client)}`] : []),
    ...(meta.assessor ? [`- **Assessor:** ${md(meta.assessor)}`] : []),
    `- **Date:** ${md(meta.date)}`,
  ];
}

function baselineSection(a: Assessment, h: (offset: number, text: string) => string): string[] {
  const b = a.baseline!;
  const lines = [h(1, changeTitle(b)), '', `Compared with ${md(b.file)} of ${baselineDate(b)}.`, ''];
  if (b.packChanges.length > 0) {
    lines.push(`> **Rule packs changed:** ${b.packChanges.map((c) => md(packChange(c))).join('; ')}. ` +
      SAY.packsMayExplain, '');
  }
  if (b.regressed) lines.push('**Regressed:** the score, the level or a category went down.', '');
  lines.push(...table(['Measure', 'Before', 'After', 'Change'], [
    ['Score', String(b.score.before), String(b.score.after), formatDelta(b.score.delta)],
    ['Level', String(b.level.before), String(b.level.after), formatDelta(b.level.after - b.level.before)],
    ['Coverage', `${b.coverage.before}%`, `${b.coverage.after}%`, formatDelta(b.coverage.delta)],
    ...b.categories.map((c) => [md(c.title), formatScore(c.before), formatScore(c.after), formatDelta(c.delta)]),
  ], ['left', 'right', 'right', 'right']));
  lines.push(h(2, `Newly failing (${b.newlyFailing.length})`), '');
  lines.push(...(b.newlyFailing.length ? b.newlyFailing.map((r) => `- ${md(ruleRef(r))}`) : ['None.']), '');
  lines.push(h(2, `Newly fixed (${b.newlyFixed.length})`), '');
  lines.push(...(b.newlyFixed.length ? b.newlyFixed.map((r) => `- ${md(ruleRef(r))}`) : ['None.']), '');
  return lines;
}

function finding(r: RuleResult, h: (offset: number, text: string) => string): string[] {
  const items = openItems(r);
  const facts = [
    `**Status:** ${md(statusDetail(r))}${items.length ? ` for ${md(openItemsWithLocation(r))}` : ''}`,
    `**Severity:** ${r.severity}`,
    `**Level:** ${r.level}`,
    ...(r.location ? [`**Declared at:** ${md(formatLocation(r.location))}`] : []),
  ];
  const lines = [h(3, `${r.id} ${md(r.title)}`), '', facts.join(' · '), ''];
  if (r.missing.length) lines.push(`**Not answered:** ${md(r.missing.join(', '))}`, '');
  if (r.waiver) lines.push(`**Waiver:** ${md(waiverSentence(r.waiver))}`, '');
  lines.push(`**Why it matters.** ${prose(r.rationale)}`, '');
  lines.push(`**What to do.** ${prose(r.remediation)}`, '');
  if (r.references.length) lines.push(`**References:** ${r.references.map((ref) => `[${md(ref.title)}](${linkTarget(ref.url)})`).join('; ')}`, '');
  return lines;
}

/** Everything behind a result in one table cell: location, items, missing facts, reason. */
function evidence(r: RuleResult): string {
  const parts: string[] = [];
  if (r.location) parts.push(formatLocation(r.location));
  if (r.items?.length) {
    parts.push(`items: ${r.items.map((i) => `${i.name} ${STATUS_LABELS[i.status]}${i.location ? ` at ${formatLocation(i.location)}` : ''}`).join(', ')}`);
  }
  if (r.missing.length) parts.push(`missing: ${r.missing.join(', ')}`);
  if (r.reason) parts.push(r.reason);
  return md(parts.join('; ')) || '—';
}

type Align = 'left' | 'right';

function table(headers: string[], rows: string[][], align: Align[] = []): string[] {
  const rule = headers.map((_, i) => (align[i] === 'right' ? '---:' : '---'));
  return [headers, rule, ...rows].map((cells) => `| ${cells.map((c) => c || ' ').join(' | ')} |`).concat('');
}

/**
 * Escapes text so it is read as text: a `|` cannot end a table cell, a `*` or `<` cannot turn
 * into emphasis or HTML, a leading `-` or `1.` cannot start a list. Newlines become spaces.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/\s+/g, ' ')
    .replace(/[\\`*_[\]<>|#~&]/g, '\\$&')
    .replace(/^([-+=])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

const md = escapeMarkdown;

/** Rule prose keeps its `code` spans; everything else is escaped. */
function prose(text: string): string {
  return splitCodeSpans(text).map((s) => (s.code ? `\`${s.text}\`` : md(s.text))).join('');
}

/** Only web links, and none that could close the Markdown link early. */
function linkTarget(url: string): string {
  return /^https?:\/\//i.test(url) ? url.replace(/[\s()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`) : '#';
}

function finish(lines: string[]): string {
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}
