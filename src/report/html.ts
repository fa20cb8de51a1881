import { isOpen, type RuleStatus } from '../engine/types.js';
import type { Severity } from '../rules/types.js';
import type { ActionItem, Assessment, CategoryScore, RuleResult } from '../scoring/assessment.js';
import { evidenceRows, evidenceSummary } from './evidence-rows.js';
import { biggestRisks, findingsByCategory, splitPlan } from './findings.js';
import type { PortfolioDocument } from './portfolio.js';
import { levelLadder, stepState } from './ladder.js';
import { splitCodeSpans } from './prose.js';
import { portfolioMetadata, reportMetadata, type ReportMetadata, type ReportOptions } from './report-options.js';
import { groupWaivers, WAIVER_COLUMNS, waiverCells } from './waiver-groups.js';
import {
  actionWorth, baselineDate, changeTitle, coverageSentence, formatDelta, formatLevel, formatLocation, formatScore, levelSentence,
  meetsTarget, nextLevelSentence, openItemsWithLocation, packChange, plural, ruleRef, SAY, scoreSentence, SECTION_TITLES, STATUS_LABELS, statusNote, unansweredInScope, waiverSentence,
} from './wording.js';

/**
 * The consultant's report as one self-contained HTML file: inline CSS and SVG, no script, no
 * request of any kind, so it opens offline, survives e-mail and prints to a clean PDF.
 */
export function renderHtml(a: Assessment, options: ReportOptions = {}): string {
  const body = projectReport(a, reportMetadata(a, options), { depth: 1, prefix: '' });
  return page(`Engineering readiness: ${a.project.name}`, body);
}

/** Several projects: a summary table, the manifests that failed, then each project's report. */
export function htmlPortfolioDocument(options: ReportOptions = {}): PortfolioDocument {
  return {
    head(s) {
      const rows = s.projects.map((a, i) => `<tr>
<th scope="row"><a href="#p${i + 1}">${esc(a.project.name)}</a></th>
<td>${esc(a.project.profile)}</td>
<td class="num">${scoreBar(a.score)} ${a.score}</td>
<td>${a.achieved.level} / ${a.target.level}${meetsTarget(a) ? '' : ' <span class="badge status-fail">below target</span>'}</td>
<td class="num">${a.coverage}%</td>
<td>${a.topGap ? esc(ruleRef(a.topGap)) : 'none'}</td>
</tr>`);
      const errors = s.errors.length === 0 ? '' : `<h2 id="errors">Manifests that could not be audited</h2>
<table><thead><tr><th scope="col">File</th><th scope="col">Error</th></tr></thead><tbody>
${s.errors.map((e) => `<tr><td>${esc(e.file)}</td><td>${esc(e.message)}</td></tr>`).join('\n')}
</tbody></table>`;
      return pageHead('Engineering readiness portfolio') + pagePart(`<header class="cover">
<p class="eyebrow">Engineering readiness assessment</p>
<h1>Portfolio of ${plural(s.projects.length, 'project')}</h1>
${metadataList(portfolioMetadata(s, options), [['Projects', `${s.projects.length} audited${s.errors.length ? `, ${s.errors.length} could not be audited` : ''}`]])}
</header>
<section id="portfolio-summary">
<h2>Summary</h2>
<table class="portfolio"><thead><tr><th scope="col">Project</th><th scope="col">Profile</th><th scope="col" class="num">Score</th><th scope="col">Level (achieved / target)</th><th scope="col" class="num">Coverage</th><th scope="col">Top gap</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>
${errors}
</section>`);
    },
    project: (a, i) => pagePart(`<article class="project" id="p${i + 1}">
${projectReport(a, reportMetadata(a, options), { depth: 2, prefix: `p${i + 1}-` })}
</article>`),
    tail: () => PAGE_TAIL,
  };
}

interface Placement {
  /** Heading level of the project's title: 1 alone, 2 inside a portfolio. */
  depth: number;
  /** Keeps anchors unique when several projects share a page. */
  prefix: string;
}

function projectReport(a: Assessment, meta: ReportMetadata, at: Placement): string {
  const h = (offset: number, text: string, id?: string) => {
    const n = Math.min(at.depth + offset, 6);
    return `<h${n}${id ? ` id="${at.prefix}${id}"` : ''}>${text}</h${n}>`;
  };
  const present = (id: SectionId) => (id === 'gate' ? Boolean(a.gate) : id === 'change' ? Boolean(a.baseline) : id === 'evidence' ? Boolean(a.evidence) : true);
  const contents = `<nav class="contents" aria-label="Contents${at.depth > 1 ? ` of ${esc(a.project.name)}` : ''}"><ol>
${SECTION_IDS.filter(present).map((id) => `<li><a href="#${at.prefix}${id}">${sectionTitle(id, a)}</a></li>`).join('\n')}
</ol></nav>`;

  const header = `<header class="${at.depth === 1 ? 'cover' : 'project-head'}">
${at.depth === 1 ? '<p class="eyebrow">Engineering readiness assessment</p>' : ''}
${h(0, esc(a.project.name))}
${a.project.description ? `<p class="lede">${esc(a.project.description)}</p>` : ''}
${metadataList(meta, [
    ...(a.project.owner ? [['Owner', a.project.owner] as [string, string]] : []),
    ['Profile', `${a.project.profile}, target level ${formatLevel(a.target.level)}${a.profileOverridden ? ' (set on the command line)' : ''}`],
    ['Manifest', a.manifest],
    ['Rule packs', a.packs.map((p) => `${p.name} ${p.version}`).join(', ')],
  ])}
${contents}
</header>`;

  const parts = [header, summarySection(a, h)];
  if (a.gate) {
    parts.push(`<section>
${sectionHeading(h, 'gate', a)}
<p class="verdict ${a.gate.passed ? 'ok' : 'bad'}">${a.gate.passed ? 'Passed.' : 'Failed.'}</p>
<table><thead><tr><th scope="col">Gate</th><th scope="col">Result</th><th scope="col">Detail</th></tr></thead><tbody>
${a.gate.checks.map((c) => `<tr><th scope="row">${c.gate}</th><td>${badge(c.passed ? 'pass' : 'fail', c.passed ? 'passed' : 'failed')}</td><td>${esc(c.detail)}</td></tr>`).join('\n')}
</tbody></table>
</section>`);
  }
  if (a.baseline) parts.push(baselineSection(a, h));
  parts.push(categorySection(a, h, at.prefix), actionSection(a, h), findingsSection(a, h), waiverSection(a, h));
  if (a.evidence) parts.push(evidenceSection(a, h));
  parts.push(rulesAppendix(a, h), methodAppendix(a, h));
  return parts.join('\n');
}

type Heading = (offset: number, text: string, id?: string) => string;

/** The sections of a project's report, in order: their anchors and titles serve the headings and the contents list alike. */
const SECTION_IDS = ['summary', 'gate', 'change', 'categories', 'actions', 'findings', 'waivers', 'evidence', 'rules', 'method'] as const;
type SectionId = (typeof SECTION_IDS)[number];
function sectionTitle(id: SectionId, a: Assessment): string {
  return id === 'change' ? esc(changeTitle(a.baseline!)) : SECTION_TITLES[id];
}

const sectionHeading = (h: Heading, id: SectionId, a: Assessment) => h(1, sectionTitle(id, a), id);

function summarySection(a: Assessment, h: Heading): string {
  const risks = biggestRisks(a);
  const unknown = unansweredInScope(a);
  const kpis = [
    kpi('Score', `${a.score}<small> / 100</small>`, scoreBar(a.score, 160), a.score !== a.scoreWithoutWaivers ? `${a.scoreWithoutWaivers} without waivers` : `of what the ${esc(a.project.profile)} profile needs`),
    kpi('Level', `${a.achieved.level}<small> of ${a.target.level}</small>`, '', `${a.achieved.level === 0 ? 'no level reached yet' : esc(a.achieved.name)}, ${meetsTarget(a) ? 'meets the target' : `below the target of ${esc(formatLevel(a.target.level))}`}`),
    kpi('Coverage', `${a.coverage}<small>%</small>`, scoreBar(a.coverage, 160, 'neutral'), unknown ? `${plural(unknown, 'rule lacks', 'rules lack')} answers` : 'every rule in scope answered'),
    ...(a.gate ? [kpi('Gate', `<span class="${a.gate.passed ? 'ok' : 'bad'}">${a.gate.passed ? 'Passed' : 'Failed'}</span>`, '', plural(a.gate.checks.length, 'check'))] : []),
  ];
  const next = nextLevelSentence(a);
  return `<section class="summary">
${sectionHeading(h, 'summary', a)}
<div class="kpis">
${kpis.join('\n')}
</div>
<ul class="sentences">
<li><strong>Score:</strong> ${esc(scoreSentence(a))}</li>
<li><strong>Level:</strong> ${esc(levelSentence(a))}${next ? ` ${esc(next)}` : ''}</li>
<li><strong>Coverage:</strong> ${esc(coverageSentence(a))}</li>
${a.gate ? `<li><strong>Gate:</strong> ${a.gate.passed ? 'passed' : 'failed'}.</li>` : ''}
</ul>
${h(2, 'The three biggest risks')}
${risks.length === 0 ? `<p>${SAY.noRisks}</p>` : `<ol class="risks">
${risks.map((risk) => `<li>
<p class="risk-title"><strong>${esc(risk.result.title)}</strong></p>
<p class="tags">${severityBadge(risk.result.severity)} <span class="tag">${esc(risk.result.id)}</span> <span class="tag">level ${risk.result.level}</span></p>
<p>${esc(risk.statement)} ${prose(risk.why)}</p>
</li>`).join('\n')}
</ol>`}
${h(2, 'Level ladder')}
<ol class="ladder">
${levelLadder(a).map((s) => `<li class="step${s.achieved ? ' achieved' : ''}${s.target ? ' target' : ''}${s.beyondTarget ? ' beyond' : ''}" style="--rung:${s.level}">
<span class="step-level">Level ${s.level}</span>
<span class="step-name">${esc(s.name)}</span>
<span class="step-state">${s.achieved ? '✓ ' : ''}${esc(stepState(s))}</span>
</li>`).join('\n')}
</ol>
</section>`;
}

function kpi(label: string, value: string, visual: string, note: string): string {
  return `<div class="kpi"><p class="kpi-label">${label}</p><p class="kpi-value">${value}</p>${visual}<p class="kpi-note">${note}</p></div>`;
}

function baselineSection(a: Assessment, h: Heading): string {
  const b = a.baseline!;
  const row = (label: string, before: string, after: string, delta: number | null) =>
    `<tr><th scope="row">${label}</th><td class="num">${before}</td><td class="num">${after}</td><td class="num ${delta === null || delta === 0 ? '' : delta > 0 ? 'up' : 'down'}">${formatDelta(delta)}</td></tr>`;
  const refs = (list: typeof b.newlyFailing) =>
    list.length ? `<ul>${list.map((r) => `<li>${esc(ruleRef(r))}</li>`).join('')}</ul>` : '<p>None.</p>';
  return `<section class="change">
${sectionHeading(h, 'change', a)}
<p>Compared with ${esc(b.file)} of ${esc(baselineDate(b))}.</p>
${b.packChanges.length ? `<p class="callout"><strong>Rule packs changed:</strong> ${esc(b.packChanges.map(packChange).join('; '))}. ${SAY.packsMayExplain}</p>` : ''}
${b.regressed ? '<p class="verdict bad">Regressed: the score, the level or a category went down.</p>' : ''}
<table><thead><tr><th scope="col">Measure</th><th scope="col" class="num">Before</th><th scope="col" class="num">After</th><th scope="col" class="num">Change</th></tr></thead><tbody>
${row('Score', String(b.score.before), String(b.score.after), b.score.delta)}
${row('Level', String(b.level.before), String(b.level.after), b.level.after - b.level.before)}
${row('Coverage', `${b.coverage.before}%`, `${b.coverage.after}%`, b.coverage.delta)}
${b.categories.map((c) => row(esc(c.title), formatScore(c.before), formatScore(c.after), c.delta)).join('\n')}
</tbody></table>
${h(2, `Newly failing (${b.newlyFailing.length})`)}
${refs(b.newlyFailing)}
${h(2, `Newly fixed (${b.newlyFixed.length})`)}
${refs(b.newlyFixed)}
</section>`;
}

function categorySection(a: Assessment, h: Heading, idPrefix: string): string {
  return `<section class="major">
${sectionHeading(h, 'categories', a)}
<p>${SAY.categoryScores}</p>
<figure class="chart">
${categoryChart(a.categories, idPrefix)}
<figcaption>Category scores, percent of the target reached. The line at 100 is the target.</figcaption>
</figure>
<table class="categories"><thead><tr><th scope="col">Category</th><th scope="col" class="num">Score</th><th scope="col" class="num">Pass</th><th scope="col" class="num">Fail</th><th scope="col" class="num">Unknown</th><th scope="col" class="num">Waived</th><th scope="col" class="num">N/A</th><th scope="col" class="num">Beyond target</th></tr></thead><tbody>
${a.categories.map((c) => `<tr><th scope="row">${esc(c.title)}</th><td class="num">${formatScore(c.score)}</td>${[c.pass, c.fail, c.unknown, c.waived, c.notApplicable, c.beyondTarget].map((n) => `<td class="num">${n}</td>`).join('')}</tr>`).join('\n')}
</tbody></table>
</section>`;
}

/** Horizontal bars, one per category; a category with nothing in scope is drawn as n/a, never as 0. */
function categoryChart(categories: CategoryScore[], idPrefix: string): string {
  const label = 210, bar = 440, row = 34, top = 28;
  const height = top + categories.length * row + 8;
  const x = (score: number) => label + (bar * score) / 100;
  const grid = [0, 25, 50, 75, 100].map((g) => `<line x1="${x(g)}" x2="${x(g)}" y1="${top - 6}" y2="${height - 6}" class="${g === 100 ? 'target-line' : 'grid'}"/>
<text x="${x(g)}" y="${top - 12}" class="axis" text-anchor="middle">${g === 100 ? '100 target' : g}</text>`);
  const bars = categories.map((c, i) => {
    const y = top + i * row;
    const name = `<text x="${label - 12}" y="${y + 17}" class="bar-label" text-anchor="end">${esc(c.title)}</text>`;
    if (c.score === null) {
      return `${name}<rect x="${label}" y="${y + 5}" width="${bar}" height="16" rx="3" class="na"/><text x="${label + 10}" y="${y + 17}" class="bar-value muted">n/a: nothing in scope</text>`;
    }
    const width = Math.max((bar * c.score) / 100, 1.5);
    const inside = c.score >= 12;
    return `${name}<rect x="${label}" y="${y + 5}" width="${bar}" height="16" rx="3" class="track"/>
<rect x="${label}" y="${y + 5}" width="${width.toFixed(1)}" height="16" rx="3" class="${band(c.score)}"/>
<text x="${inside ? label + width - 6 : label + width + 6}" y="${y + 17}" class="bar-value${inside ? ' inside' : ''}" text-anchor="${inside ? 'end' : 'start'}">${c.score}</text>`;
  });
  const desc = categories.map((c) => `${c.title} ${formatScore(c.score)}`).join(', ');
  return `<svg class="bars" viewBox="0 0 ${label + bar + 60} ${height}" role="img" aria-labelledby="${idPrefix}chart-title ${idPrefix}chart-desc">
<title id="${idPrefix}chart-title">Category scores</title><desc id="${idPrefix}chart-desc">${esc(desc)}</desc>
${grid.join('\n')}
${bars.join('\n')}
</svg>`;
}

function actionSection(a: Assessment, h: Heading): string {
  const { within, beyond } = splitPlan(a);
  const tableOf = (items: ActionItem[]) => `<table class="actions"><thead><tr><th scope="col" class="num">#</th><th scope="col">Fix</th><th scope="col">Severity</th><th scope="col" class="num">Level</th><th scope="col">Worth</th></tr></thead><tbody>
${items.map((item, i) => `<tr${item.blocksNextLevel ? ' class="blocks"' : ''}><td class="num">${i + 1}</td><td><p class="fix-title"><span class="rule-id">${esc(item.ruleId)}</span>${item.item ? ` <span class="item">${esc(item.item)}</span>` : ''} ${esc(item.title)}</p><p class="fix-action">${prose(item.action)}</p></td><td>${severityBadge(item.severity)}</td><td class="num">${item.level}</td><td class="worth">${esc(actionWorth(item)) || '—'}</td></tr>`).join('\n')}
</tbody></table>`;
  return `<section class="major">
${sectionHeading(h, 'actions', a)}
<p>${SAY.actionOrder}</p>
${h(2, `Within the target (${within.length})`)}
${within.length ? tableOf(within) : `<p>${SAY.nothingWithin}</p>`}
${beyond.length ? `${h(2, `Beyond the target (${beyond.length})`)}
<p>${SAY.wayFurther}</p>
${tableOf(beyond)}` : ''}
</section>`;
}

function findingsSection(a: Assessment, h: Heading): string {
  return `<section class="major">
${sectionHeading(h, 'findings', a)}
${findingsByCategory(a).map(({ category, open, waived, beyondTarget }) => `<section class="category">
${h(2, `${esc(category.title)} <span class="pill ${category.score === null ? 'na-pill' : band(category.score)}">${category.score === null ? 'n/a' : `score ${category.score}`}</span>`)}
${open.length + waived.length === 0 ? `<p class="muted">${category.score === null ? SAY.categoryOutOfScope : SAY.categoryPasses}</p>` : ''}
${[...open, ...waived].map((r) => finding(r, h)).join('\n')}
${beyondTarget.length ? `<p class="beyond"><strong>Beyond the target:</strong> ${beyondTarget.map((r) => `${esc(r.id)} ${esc(r.title)} (level ${r.level}, ${STATUS_LABELS[r.status]})`).join('; ')}.</p>` : ''}
</section>`).join('\n')}
</section>`;
}

function finding(r: RuleResult, h: Heading): string {
  const facts: [string, string][] = [
    ...(r.items?.some((i) => isOpen(i.status)) ? [['Items', esc(openItemsWithLocation(r))] as [string, string]] : []),
    ...(r.location ? [['Declared at', esc(formatLocation(r.location))] as [string, string]] : []),
    ...(r.missing.length ? [['Not answered', esc(r.missing.join(', '))] as [string, string]] : []),
    ...(r.waiver ? [['Waiver', esc(waiverSentence(r.waiver))] as [string, string]] : []),
  ];
  return `<article class="finding ${r.status}">
${h(3, `<span class="rule-id">${esc(r.id)}</span> ${esc(r.title)}`)}
<p class="tags">${statusCell(r)} ${severityBadge(r.severity)} <span class="tag">level ${r.level}</span></p>
${facts.length ? `<dl class="facts">${facts.map(([k, v]) => `<div><dt>${k}</dt><dd>${v}</dd></div>`).join('')}</dl>` : ''}
<p><strong>Why it matters.</strong> ${prose(r.rationale)}</p>
<p><strong>What to do.</strong> ${prose(r.remediation)}</p>
${r.references.length ? `<p class="refs"><strong>References:</strong> ${r.references.map(reference).join('; ')}</p>` : ''}
</article>`;
}

function waiverSection(a: Assessment, h: Heading): string {
  const groups = groupWaivers(a.waivers);
  return `<section class="major">
${sectionHeading(h, 'waivers', a)}
${groups.length === 0 ? `<p>${SAY.noWaivers}</p>` : ''}
${groups.map((g) => `${h(2, `${g.title} (${g.waivers.length})`)}
<p>${g.meaning}</p>
<table class="waivers"><thead><tr>${WAIVER_COLUMNS.map((c) => `<th scope="col">${c}</th>`).join('')}</tr></thead><tbody>
${g.waivers.map((w) => `<tr>${waiverCells(w).map((cell, i) => `<td${i === 0 || i === 3 ? ' class="nowrap"' : ''}>${esc(cell)}</td>`).join('')}</tr>`).join('\n')}
</tbody></table>`).join('\n')}
</section>`;
}

function evidenceSection(a: Assessment, h: Heading): string {
  const tone = { contradicted: 'fail', unverified: 'unknown', confirmed: 'pass', filled: 'not_applicable' } as const;
  return `<section class="major">
${sectionHeading(h, 'evidence', a)}
<p>${esc(evidenceSummary(a))}</p>
<table class="evidence-table"><thead><tr><th scope="col">Status</th><th scope="col">Fact</th><th scope="col">Declared</th><th scope="col">Repository shows</th><th scope="col">Where</th></tr></thead><tbody>
${evidenceRows(a).map((r) => `<tr><td>${badge(tone[r.status], r.status)}</td><td class="nowrap">${esc(r.path)}</td><td>${esc(r.declared)}</td><td>${esc(r.found)}</td><td class="evidence">${r.where.map(esc).join('<br>')}</td></tr>`).join('\n')}
</tbody></table>
</section>`;
}

function rulesAppendix(a: Assessment, h: Heading): string {
  return `<section class="major appendix">
${sectionHeading(h, 'rules', a)}
<p>${SAY.everyRule}</p>
${a.categories.map((c) => {
    const results = a.results.filter((r) => r.category === c.id);
    return results.length === 0 ? '' : `${h(2, esc(c.title))}
<table class="rules"><thead><tr><th scope="col">Rule</th><th scope="col">Title</th><th scope="col" class="num">Level</th><th scope="col">Severity</th><th scope="col">Status</th><th scope="col">Evidence</th></tr></thead><tbody>
${results.map((r) => `<tr><td class="nowrap">${esc(r.id)}</td><td>${esc(r.title)}</td><td class="num">${r.level}</td><td>${esc(r.severity)}</td><td>${statusCell(r)}</td><td class="evidence">${evidence(r)}</td></tr>`).join('\n')}
</tbody></table>`;
  }).join('\n')}
</section>`;
}

function evidence(r: RuleResult): string {
  const lines: string[] = [];
  if (r.location) lines.push(esc(formatLocation(r.location)));
  for (const i of r.items ?? []) {
    lines.push(`${esc(i.name)}: ${STATUS_LABELS[i.status]}${i.location ? ` at ${esc(formatLocation(i.location))}` : ''}`);
  }
  if (r.missing.length) lines.push(`missing: ${esc(r.missing.join(', '))}`);
  if (r.reason) lines.push(esc(r.reason));
  return lines.length ? lines.map((l) => `<span>${l}</span>`).join('') : '—';
}

function methodAppendix(a: Assessment, h: Heading): string {
  const list = (o: Record<string, string | number>) => Object.entries(o).map(([k, v]) => `${esc(k)} ${esc(String(v))}`).join(', ');
  return `<section class="method">
${sectionHeading(h, 'method', a)}
<p>${esc(a.scoring.formula)}</p>
<p>Severity weights: ${list(a.scoring.weights)}. Levels: ${list(a.scoring.levels)}. Profile targets: ${list(a.scoring.targets)}.</p>
<p>Rule packs: ${esc(a.packs.map((p) => `${p.name} ${p.version}`).join(', '))}. Generated by ${esc(a.tool.name)} ${esc(a.tool.version)} on ${esc(a.generatedAt.slice(0, 10))}.</p>
</section>`;
}

function metadataList(meta: ReportMetadata, extra: [string, string][]): string {
  const rows: [string, string][] = [
    ...(meta.client ? [['Client', meta.client] as [string, string]] : []),
    ...(meta.assessor ? [['Assessor', meta.assessor] as [string, string]] : []),
    ['Date', meta.date],
    ...extra,
  ];
  return `<dl class="meta">${rows.map(([k, v]) => `<div><dt>${k}</dt><dd>${esc(v)}</dd></div>`).join('')}</dl>`;
}

const band = (score: number) => (score >= 80 ? 'good' : score >= 50 ? 'fair' : 'poor');

/** A small inline bar beside a number; decorative, so hidden from screen readers. */
function scoreBar(score: number, width = 80, tone?: 'neutral'): string {
  const fill = Math.max((width * Math.min(Math.max(score, 0), 100)) / 100, 1);
  return `<svg class="minibar" width="${width}" height="8" viewBox="0 0 ${width} 8" aria-hidden="true"><rect width="${width}" height="8" rx="4" class="track"/><rect width="${fill.toFixed(1)}" height="8" rx="4" class="${tone ?? band(score)}"/></svg>`;
}

function badge(status: RuleStatus, text: string): string {
  return `<span class="badge status-${status}">${esc(text)}</span>`;
}

function statusCell(r: RuleResult): string {
  const note = statusNote(r);
  return `${badge(r.status, STATUS_LABELS[r.status])}${note ? ` <span class="status-note">${esc(note)}</span>` : ''}`;
}

function severityBadge(severity: Severity): string {
  return `<span class="badge sev-${severity}">${severity}</span>`;
}

/** Only web links become links; anything else a rule pack offers stays text. */
function reference(ref: { title: string; url: string }): string {
  return /^https?:\/\//i.test(ref.url) ? `<a href="${esc(ref.url)}">${esc(ref.title)}</a>` : esc(ref.title);
}

/** Escapes text for HTML content and attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const esc = escapeHtml;

function prose(text: string): string {
  return splitCodeSpans(text).map((s) => (s.code ? `<code>${esc(s.text)}</code>` : esc(s.text))).join('');
}

function page(title: string, body: string): string {
  return pageHead(title) + pagePart(body) + PAGE_TAIL;
}

// Blank lines are dropped from every part of a page: they only bloat a big portfolio.
const tidy = (text: string) => text.replace(/\n{2,}/g, '\n');

function pageHead(title: string): string {
  return tidy(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main class="report">
`);
}

function pagePart(part: string): string {
  const text = tidy(part).replace(/^\n/, '');
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}

const PAGE_TAIL = '</main>\n</body>\n</html>\n';

const STYLE = `
:root {
  --ink: #1b2430; --muted: #4a5565; --line: #d9dee5; --panel: #f5f7fa; --accent: #1d4e89;
  --good: #2a7048; --fair: #945600; --poor: #b3261e;
}
* { box-sizing: border-box; }
html { background: #e9edf2; }
body { margin: 0; color: var(--ink); font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", sans-serif; }
.report { max-width: 980px; margin: 32px auto; background: #fff; padding: 48px 56px; border-radius: 6px; box-shadow: 0 1px 3px rgba(20, 30, 50, .12); }
h1, h2, h3, h4, h5, h6 { line-height: 1.25; margin: 1.6em 0 .5em; }
h1 { font-size: 2.1rem; margin-top: .2em; letter-spacing: -.01em; }
h2 { font-size: 1.45rem; padding-bottom: .3em; border-bottom: 2px solid var(--accent); }
h3 { font-size: 1.15rem; }
h4, h5, h6 { font-size: 1rem; }
.project > .project-head h2 { font-size: 1.8rem; border-bottom: 0; }
.project .summary > h3, .project section > h3 { font-size: 1.3rem; padding-bottom: .3em; border-bottom: 2px solid var(--accent); }
p { margin: .5em 0; }
a { color: var(--accent); }
code { font: .88em/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; background: var(--panel); border: 1px solid var(--line); border-radius: 3px; padding: 0 .25em; overflow-wrap: anywhere; }
.muted { color: var(--muted); }
.eyebrow { margin: 0; text-transform: uppercase; letter-spacing: .12em; font-size: .78rem; font-weight: 600; color: var(--accent); }
.lede { font-size: 1.1rem; color: var(--muted); margin-top: 0; }
.cover { border-bottom: 1px solid var(--line); padding-bottom: 20px; margin-bottom: 8px; }
.meta { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 10px 24px; margin: 20px 0; }
.meta div { border-left: 3px solid var(--line); padding-left: 10px; }
.meta dt { font-size: .75rem; text-transform: uppercase; letter-spacing: .08em; color: var(--muted); }
.meta dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
.contents ol { columns: 2; margin: 8px 0 0; padding-left: 1.4em; color: var(--muted); }
.contents a { text-decoration: none; }
.contents a:hover { text-decoration: underline; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 14px; margin: 18px 0; }
.kpi { border: 1px solid var(--line); border-radius: 6px; padding: 14px 16px; }
.kpi-label { margin: 0; font-size: .75rem; text-transform: uppercase; letter-spacing: .08em; color: var(--muted); font-weight: 600; }
.kpi-value { margin: 2px 0 6px; font-size: 2.2rem; font-weight: 700; line-height: 1.1; font-variant-numeric: tabular-nums; }
.kpi-value small { font-size: .95rem; font-weight: 500; color: var(--muted); }
.kpi-note { margin: 6px 0 0; font-size: .85rem; color: var(--muted); }
.sentences { padding-left: 1.2em; }
.risks { padding-left: 1.4em; }
.risks li { margin-bottom: 12px; padding-left: 4px; }
.risk-title { margin-bottom: 2px; }
.tags { margin: 4px 0; display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.tag { font-size: .78rem; color: var(--muted); border: 1px solid var(--line); border-radius: 3px; padding: 0 6px; }
.badge { display: inline-block; font-size: .75rem; font-weight: 600; border-radius: 3px; padding: 1px 7px; border: 1px solid transparent; white-space: nowrap; }
.status-pass { color: #1d6b3a; background: #e3f4e8; }
.status-fail { color: #a4161a; background: #fde7e7; }
.status-unknown { color: #7f4500; background: #fff1d6; }
.status-waived { color: #3b3f99; background: #e8e9fb; }
.status-not_applicable { color: #4a5565; background: #eef0f3; }
.sev-critical, .sev-high, .sev-medium, .sev-low { background: #fff; border-color: currentColor; text-transform: uppercase; font-size: .68rem; letter-spacing: .05em; }
.sev-critical { color: #fff; background: #8f1717; border-color: #8f1717; }
.sev-high { color: #a4161a; }
.sev-medium { color: #7f4500; }
.sev-low { color: #4a5565; }
.status-note { font-size: .8rem; color: var(--muted); }
.ladder { list-style: none; display: flex; align-items: flex-end; gap: 8px; padding: 0; margin: 12px 0 8px; }
.ladder .step { flex: 1; min-height: calc(54px + var(--rung) * 26px); display: flex; flex-direction: column; justify-content: flex-end; padding: 10px 12px; border: 1px solid var(--line); border-radius: 4px 4px 0 0; background: #fff; }
.ladder .step.achieved { background: var(--accent); border-color: var(--accent); color: #fff; }
.ladder .step.target { border: 2px solid var(--accent); }
.ladder .step.beyond { border-style: dashed; color: var(--muted); }
.step-level { font-size: .75rem; text-transform: uppercase; letter-spacing: .08em; font-weight: 600; }
.step-name { font-weight: 700; }
.step-state { font-size: .82rem; }
.callout { border-left: 4px solid var(--fair); background: #fff8eb; padding: 8px 12px; }
.verdict { font-weight: 700; font-size: 1.05rem; }
.verdict.ok, .kpi .ok { color: var(--good); }
.verdict.bad, .kpi .bad { color: var(--poor); }
td.up { color: var(--good); font-weight: 600; }
td.down { color: var(--poor); font-weight: 600; }
table { width: 100%; border-collapse: collapse; margin: 10px 0 18px; font-size: .9rem; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); }
thead th { font-size: .75rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); border-bottom: 2px solid var(--ink); }
tbody th { font-weight: 600; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.nowrap { white-space: nowrap; }
.chart { margin: 16px 0 4px; }
.chart figcaption { font-size: .82rem; color: var(--muted); }
svg.bars { width: 100%; height: auto; font-family: inherit; }
.bars .grid { stroke: var(--line); stroke-width: 1; }
.bars .target-line { stroke: var(--ink); stroke-width: 1.2; stroke-dasharray: 4 3; }
.bars .axis { font-size: 11px; fill: var(--muted); }
.bars .bar-label { font-size: 13px; fill: var(--ink); }
.bars .bar-value { font-size: 12px; font-weight: 700; fill: var(--ink); }
.bars .bar-value.inside { fill: #fff; }
.bars .bar-value.muted { fill: var(--muted); font-weight: 400; font-style: italic; }
.track { fill: #eef1f5; }
.na { fill: #fff; stroke: #8a94a3; stroke-dasharray: 4 3; }
.good { fill: var(--good); }
.fair { fill: var(--fair); }
.poor { fill: var(--poor); }
.neutral { fill: var(--accent); }
svg.minibar { vertical-align: middle; display: block; margin: 4px 0; }
td svg.minibar { display: inline-block; margin: 0 6px 0 0; }
.pill { font-size: .78rem; font-weight: 600; border-radius: 10px; padding: 1px 9px; vertical-align: middle; margin-left: 6px; border: 1px solid currentColor; }
.pill.good { color: var(--good); }
.pill.fair { color: var(--fair); }
.pill.poor { color: var(--poor); }
.pill.na-pill { color: var(--muted); }
.actions .fix-title { margin: 0; font-weight: 600; }
.actions .fix-action { margin: 2px 0 0; color: var(--muted); }
.actions tr.blocks td:first-child { box-shadow: inset 3px 0 0 var(--accent); }
.actions .worth { width: 9.5em; font-weight: 600; color: var(--accent); }
.rule-id { font-variant-numeric: tabular-nums; color: var(--muted); font-weight: 600; margin-right: .3em; }
.item { font-weight: 600; background: var(--panel); border: 1px solid var(--line); border-radius: 3px; padding: 0 5px; margin-right: .3em; }
.finding { border: 1px solid var(--line); border-left: 4px solid var(--line); border-radius: 4px; padding: 4px 18px 10px; margin: 14px 0; break-inside: avoid; }
.finding.fail { border-left-color: var(--poor); }
.finding.unknown { border-left-color: var(--fair); }
.finding.waived { border-left-color: #3b3f99; }
.finding > :is(h3, h4, h5, h6) { margin: .7em 0 .3em; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0; font-size: .88rem; }
.facts div { display: contents; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.refs { font-size: .88rem; }
.beyond { font-size: .88rem; color: var(--muted); }
.evidence span { display: block; font-size: .82rem; overflow-wrap: anywhere; }
.rules td:nth-child(2) { width: 32%; }
.rules td.evidence { width: 34%; }
.project { border-top: 6px solid var(--accent); margin-top: 48px; padding-top: 8px; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  html, body { background: #fff; }
  body { font-size: 10pt; }
  .report { max-width: none; margin: 0; padding: 0; box-shadow: none; border-radius: 0; }
  .contents { display: none; }
  section.major, .project { break-before: page; }
  h1, h2, h3, h4, h5, h6 { break-after: avoid; }
  tr, .kpi, .finding, .risks li, .ladder { break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: var(--ink); }
  a[href^="http"]::after { content: " (" attr(href) ")"; font-size: .85em; color: var(--muted); overflow-wrap: anywhere; }
  /* Printers drop backgrounds: every state keeps its meaning through text and borders. */
  .badge, .sev-critical { background: none; color: var(--ink); border-color: currentColor; }
  code, .item, .callout { background: none; }
  .ladder .step.achieved { background: none; color: var(--ink); border: 3px solid var(--ink); }
  .bars .bar-value.inside { fill: #fff; }
}
`;
