import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { escapeHtml, renderHtml, htmlPortfolioDocument } from '../../src/report/html.js';
import { actionWorth } from '../../src/report/wording.js';
import type { Assessment } from '../../src/scoring/assessment.js';
import { portfolio, realAssessment, smallAssessment, wholeReport, withBaseline } from '../fixtures/report/assessments.js';
import { tempDir } from '../helpers.js';

const small = smallAssessment();
const real = realAssessment();
const smallHtml = renderHtml(small);
const realHtml = renderHtml(real);

const VOID_ELEMENTS = new Set(['meta', 'br', 'hr', 'img', 'input', 'link', 'col', 'area', 'base', 'source', 'track', 'wbr']);

/** Every element is closed, in order: the page does not rely on the parser's error recovery. */
function expectWellFormed(html: string) {
  expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
  const markup = html.replace(/^<!doctype html>/, '').replace(/<style>[\s\S]*?<\/style>/, '<style></style>');
  const open: string[] = [];
  for (const [tag, closing, name, selfClosing] of markup.matchAll(/<(\/?)([a-zA-Z][\w-]*)(?:\s[^<>]*?)?(\/?)>/g)) {
    if (selfClosing || VOID_ELEMENTS.has(name!)) continue;
    if (!closing) open.push(name!);
    else expect(open.pop(), `${tag} closes something else`).toBe(name);
  }
  expect(open).toEqual([]);
  expect(markup.replace(/<[^<>]*>/g, '')).not.toMatch(/[<>]/); // no stray markup characters in text
}

function headingLevels(html: string): number[] {
  return [...html.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
}

/** Nothing is fetched: the only URLs are plain links to references. */
function expectSelfContained(html: string) {
  for (const pattern of [/\ssrc\s*=/i, /srcset/i, /@import/i, /url\(/i, /<link\b/i, /<script\b/i, /<img\b/i, /<iframe\b/i,
    /<object\b/i, /<embed\b/i, /<video\b/i, /<audio\b/i, /xlink:href/i, /<use\b/i, /<base\b/i, /http-equiv/i]) {
    expect(html, String(pattern)).not.toMatch(pattern);
  }
  const links = [...html.matchAll(/<a href="(https?:[^"]*)">/g)];
  const withoutLinks = html.replace(/<a href="https?:[^"]*">/g, '');
  expect(withoutLinks).not.toMatch(/(https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}\//i);
  return links.map((m) => m[1]);
}

function categoryRow(c: Assessment['categories'][number]): string {
  return `<tr><th scope="row">${escapeHtml(c.title)}</th><td class="num">${c.score ?? 'n/a'}</td>` +
    [c.pass, c.fail, c.unknown, c.waived, c.notApplicable, c.beyondTarget].map((n) => `<td class="num">${n}</td>`).join('') + '</tr>';
}

describe('renderHtml', () => {
  it('is one well-formed, accessible document: lang, title, headings in order, tables with headers, unique ids', () => {
    for (const html of [smallHtml, realHtml, renderHtml(withBaseline(small))]) {
      expectWellFormed(html);
      expect(html).toMatch(/<meta charset="utf-8">/);
      const levels = headingLevels(html);
      expect(levels[0]).toBe(1);
      expect(levels.filter((l) => l === 1)).toHaveLength(1);
      levels.forEach((level, i) => { if (i > 0) expect(level).toBeLessThanOrEqual(levels[i - 1]! + 1); });
      for (const table of html.match(/<table[\s\S]*?<\/table>/g)!) expect(table).toMatch(/<th scope="(col|row)"/);
      const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
      expect(new Set(ids).size).toBe(ids.length);
      for (const [, target] of html.matchAll(/href="#([^"]+)"/g)) expect(ids).toContain(target);
    }
  });

  it('requests nothing: inline CSS and SVG only, and links to references are plain <a href>', () => {
    expect(expectSelfContained(smallHtml)).toContain('https://example.org/b');
    const links = expectSelfContained(realHtml);
    expect(links.length).toBeGreaterThan(100);
    expect(realHtml).toMatch(/<style>[\s\S]*<\/style>/);
    expect(realHtml).toContain('<svg class="bars"');
  });

  it('escapes all user text: a project named <script> renders as text', () => {
    expect(smallHtml).toContain('<title>Engineering readiness: Shop | &lt;script&gt;alert(1)&lt;/script&gt;</title>');
    expect(smallHtml).toContain('<h1>Shop | &lt;script&gt;alert(1)&lt;/script&gt;</h1>');
    expect(smallHtml).toContain('<td>y|&lt;b&gt;z&lt;/b&gt;</td>');
    expect(smallHtml).toContain('<dd>Acme &amp; Co</dd>');
    expect(smallHtml).not.toMatch(/<script|<b>z/);
    expect(escapeHtml(`"'<>&`)).toBe('&quot;&#39;&lt;&gt;&amp;');
  });

  it('summarises score, level against target, coverage and the three biggest risks', () => {
    expect(smallHtml).toContain('<p class="kpi-value">77.8<small> / 100</small></p>');
    expect(smallHtml).toContain('<p class="kpi-note">66.7 without waivers</p>');
    expect(smallHtml).toContain('<p class="kpi-value">1<small> of 2</small></p>');
    expect(smallHtml).toContain('<p class="kpi-value">100<small>%</small></p>');
    expect(smallHtml).toContain('<li><strong>Level:</strong> Level 1 Foundations against a target of 2 Repeatable: below the target. Level 2 is blocked by 1 rule.</li>');
    expect(realHtml.match(/<ol class="risks">[\s\S]*?<\/ol>/)![0].match(/<li>/g)).toHaveLength(3);
    expect(realHtml).toContain('<p>Not in place for public API. When the server only checks that a caller is logged in');
  });

  it('draws the level ladder with the achieved and target levels marked', () => {
    const ladder = smallHtml.match(/<ol class="ladder">[\s\S]*?<\/ol>/)![0];
    expect(ladder.match(/<li class="step[^"]*"/g)).toEqual([
      '<li class="step achieved"', '<li class="step target"', '<li class="step beyond"', '<li class="step beyond"',
    ]);
    expect(ladder).toContain('✓ achieved');
    expect(ladder).toContain('target, 1 rule open');
  });

  it('charts and tabulates every category, drawing n/a as n/a rather than 0', () => {
    const chart = smallHtml.match(/<svg class="bars"[\s\S]*?<\/svg>/)![0];
    expect(chart).toContain('<title id="chart-title">Category scores</title>');
    expect(chart.match(/n\/a: nothing in scope/g)).toHaveLength(small.categories.filter((c) => c.score === null).length);
    expect(chart).toContain('>66.7</text>');
    for (const c of [...small.categories]) expect(smallHtml).toContain(categoryRow(c));
    for (const c of real.categories) expect(realHtml).toContain(categoryRow(c));
  });

  it('gives the action plan with what each fix is worth', () => {
    expect(smallHtml).toMatch(/<span class="rule-id">SEC-002<\/span> B is in place<\/p><p class="fix-action">Do B.<\/p><\/td>.*<td class="worth">\+22.2 points, reaches level 4<\/td>/);
    let last = -1;
    for (const item of real.actionPlan.filter((i) => !i.beyondTarget)) {
      const at = realHtml.indexOf(`<td class="worth">${escapeHtml(actionWorth(item))}</td>`, last + 1);
      expect(at, `${item.ruleId} ${item.item ?? ''}`).toBeGreaterThan(last);
      last = at;
    }
  });

  it('explains findings with evidence, rationale, remediation and links to references', () => {
    const finding = smallHtml.match(/<article class="finding fail">[\s\S]*?<\/article>/)![0];
    expect(finding).toContain('<span class="rule-id">SEC-002</span> B is in place');
    expect(finding).toContain('<span class="badge status-fail">fail</span> <span class="status-note">waiver expired 2026-11-01</span>');
    expect(finding).toContain('<dt>Declared at</dt><dd>readiness.yaml:9 (manifest)</dd>');
    expect(finding).toContain('<p><strong>What to do.</strong> Do B.</p>');
    expect(finding).toContain('<a href="https://example.org/b">ref</a>');
    expect(realHtml).toContain('<dt>Items</dt><dd>payment-gateway (payments.yaml:23)</dd>');
    expect(realHtml).toContain('axios <code>timeout</code> or <code>AbortSignal.timeout()</code>');
  });

  it('groups waivers by state and lists every rule evaluated with its evidence', () => {
    const groups = [...smallHtml.matchAll(/<h3>(Active|Expiring soon|Expired|Orphaned|Redundant) \(\d+\)<\/h3>/g)].map((m) => m[1]);
    expect(groups).toEqual(['Active', 'Expiring soon', 'Expired', 'Orphaned', 'Redundant']);
    const appendix = realHtml.slice(realHtml.indexOf('id="rules"'), realHtml.indexOf('id="method"'));
    expect(appendix.match(/<tr><td class="nowrap">/g)).toHaveLength(real.results.length);
    expect(smallHtml).toContain('<td class="evidence"><span>readiness.yaml:14 (manifest)</span><span>x: pass at readiness.yaml:14 (manifest)</span><span>y|&lt;b&gt;z&lt;/b&gt;: waived at readiness.yaml:15 (manifest)</span></td>');
  });

  it('shows the gate outcome and the change since a baseline only when present', () => {
    expect(smallHtml).toContain('<p class="verdict bad">Failed.</p>');
    expect(realHtml).not.toContain('id="gate"');
    const html = renderHtml(withBaseline(small));
    expect(html).toContain('<h2 id="change">Change since 2026-08-01</h2>');
    expect(html).toContain('<strong>Rule packs changed:</strong> scoring-fixture 0.9.0 → 1.0.0.');
    expect(html).toContain('<tr><th scope="row">Score</th><td class="num">70.5</td><td class="num">77.8</td><td class="num up">+7.3</td></tr>');
    expect(html).toContain('<tr><th scope="row">Level</th><td class="num">2</td><td class="num">1</td><td class="num down">−1</td></tr>');
    expect(smallHtml).not.toContain('Change since');
  });

  it('prints cleanly: page breaks before major sections, link URLs shown, no background-dependent contrast', () => {
    const css = smallHtml.match(/<style>([\s\S]*)<\/style>/)![1]!;
    const print = css.slice(css.indexOf('@media print'));
    expect(print).toContain('section.major, .project { break-before: page; }');
    expect(print).toContain('a[href^="http"]::after { content: " (" attr(href) ")"');
    expect(print).toMatch(/\.badge, \.sev-critical \{ background: none; color: var\(--ink\)/);
    expect(css).toContain('@page { size: A4;');
  });

  it('takes report metadata from options before the manifest', () => {
    const html = renderHtml(small, { metadata: { client: 'Globex <Corp>', date: '2027-01-15' } });
    expect(html).toContain('<div><dt>Client</dt><dd>Globex &lt;Corp&gt;</dd></div><div><dt>Assessor</dt><dd>Jane Doe</dd></div><div><dt>Date</dt><dd>2027-01-15</dd></div>');
  });
});

describe('htmlPortfolioDocument', () => {
  const p = portfolio();
  const html = wholeReport(htmlPortfolioDocument(), p);

  it('starts with a summary table, lists the errors, then each project with unique anchors', () => {
    expectWellFormed(html);
    expectSelfContained(html);
    expect(html).toContain('<h1>Portfolio of 2 projects</h1>');
    expect(html).toMatch(/<th scope="row"><a href="#p1">Shop \| &lt;script&gt;alert\(1\)&lt;\/script&gt;<\/a><\/th>\n<td>internal<\/td>\n<td class="num"><svg[^]*?<\/svg> 77.8<\/td>\n<td>1 \/ 2 <span class="badge status-fail">below target<\/span><\/td>\n<td class="num">100%<\/td>\n<td>SEC-002: B is in place<\/td>/);
    expect(html).toContain('<tr><td>services/broken|one.yaml</td><td>services/broken|one.yaml:3:1: expected a map &lt;here&gt;</td></tr>');
    expect(html).toContain('<article class="project" id="p2">');
    expect(html).toContain('<h3 id="p2-categories">Category scores</h3>');
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    const levels = headingLevels(html);
    levels.forEach((level, i) => { if (i > 0) expect(level).toBeLessThanOrEqual(levels[i - 1]! + 1); });
  });
});

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const run = promisify(execFile);

/**
 * Renders a page in headless Chromium with every host name unresolvable, so nothing leaves the
 * machine, and Chromium's net log recording each request. Returns what the command printed, the
 * requests the page itself made (Chromium's own update and clock checks have no page as initiator),
 * and the directory holding any file the command wrote.
 */
async function inChromium(html: string, mode: string[]): Promise<{ stdout: string; pageRequests: string[]; dir: string }> {
  const dir = tempDir();
  const file = join(dir, 'report.html');
  const netLog = join(dir, 'net-log.json');
  writeFileSync(file, html);
  const { stdout } = await run(CHROMIUM, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', `--user-data-dir=${join(dir, 'profile')}`,
    '--host-resolver-rules=MAP * ~NOTFOUND', `--log-net-log=${netLog}`, ...mode.map((m) => m.replace('{dir}', dir)), `file://${file}`,
  ], { timeout: 20_000, maxBuffer: 64 * 1024 * 1024 });
  return { stdout, pageRequests: requestsByPage(readFileSync(netLog, 'utf8')), dir };
}

interface NetLog {
  constants: { logEventTypes: Record<string, number> };
  events: { type: number; params?: { url?: string; initiator?: string } }[];
}

function requestsByPage(text: string): string[] {
  // Chromium may exit before closing the event list.
  const log = JSON.parse(/\]\s*}\s*$/.test(text) ? text : `${text.trim().replace(/,$/, '')}]}`) as NetLog;
  const startJob = log.constants.logEventTypes['URL_REQUEST_START_JOB'];
  return log.events
    .filter((e) => e.type === startJob && e.params?.url && e.params.initiator !== 'not an origin')
    .map((e) => e.params!.url!)
    .filter((url) => !url.startsWith('file:'));
}

describe.skipIf(!hasChromium)('in headless Chromium', () => {
  it('renders the score and every category row, and makes no request', async () => {
    const { stdout: dom, pageRequests } = await inChromium(realHtml, ['--dump-dom']);
    expect(dom).toContain('<p class="kpi-value">' + `${real.score}<small> / 100</small></p>`);
    for (const c of real.categories) expect(dom).toContain(categoryRow(c));
    expect(dom).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(dom).not.toContain('<script');
    expect(pageRequests).toEqual([]);
  }, 30_000);

  it('would notice a request: a page loading an image and a web font shows both', async () => {
    const page = '<!doctype html><link rel="stylesheet" href="https://fonts.example.com/css"><img src="http://example.com/x.png" alt="">';
    const { pageRequests } = await inChromium(page, ['--dump-dom']);
    expect(pageRequests.sort()).toEqual(['http://example.com/x.png', 'https://fonts.example.com/css']);
  }, 30_000);

  it('prints to a PDF of several pages, still without a request', async () => {
    const { dir, pageRequests } = await inChromium(smallHtml, ['--no-pdf-header-footer', '--print-to-pdf={dir}/report.pdf']);
    const pdf = readFileSync(join(dir, 'report.pdf'), 'latin1');
    expect(pdf.startsWith('%PDF')).toBe(true);
    expect(pdf.match(/\/Type\s*\/Page\b/g)!.length).toBeGreaterThan(2);
    expect(pageRequests).toEqual([]);
  }, 30_000);
});

if (!hasChromium) {
  describe('in headless Chromium', () => {
    it.skip(`skipped: ${CHROMIUM} is not installed (apt-get install -y chromium)`, () => {});
  });
}
