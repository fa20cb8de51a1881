import { Chalk, type ChalkInstance } from 'chalk';
import type { RuleStatus } from '../engine/types.js';
import type { ActionItem, Assessment, RuleResult } from '../scoring/assessment.js';
import type { PortfolioDocument } from './portfolio.js';
import { firstSentence } from '../scoring/action-plan.js';
import { levelName } from '../scoring/model.js';
import { compareText } from '../compare.js';
import { openItems, splitPlan } from './findings.js';
import type { FactEvidence } from '../facts/evidence.js';
import { evidenceCount } from './evidence-rows.js';
import { baselineDate, meetsTarget, plural, unansweredInScope } from './wording.js';

export interface TextOptions {
  color: boolean;
  /** How many action-plan items to list before "and N more". */
  actionLimit?: number;
}

const WIDTH = 100;

/** The terminal report: what a tech lead reads first. Fits 100 columns. */
export function renderText(a: Assessment, options: TextOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const out: string[] = [];
  out.push(c.bold(`readiness · ${a.project.name}`) + c.dim(` · ${a.project.profile} profile${a.profileOverridden ? ' (overridden)' : ''} · ${a.manifest}`));
  out.push('');
  const waiverNote = a.score !== a.scoreWithoutWaivers ? c.dim(`  (${a.scoreWithoutWaivers} without waivers)`) : '';
  out.push(`  Score     ${c.bold(pad(String(a.score), 5))} / 100  ${bar(a.score, 24, c)}${waiverNote}`);
  out.push(`  Level     ${c.bold(`${a.achieved.level} ${a.achieved.name}`)}, target ${a.target.level} ${a.target.name}  ` +
    (meetsTarget(a) ? c.green('✓ meets target') : c.red('✗ below target')));
  const unknowns = unansweredInScope(a);
  out.push(`  Coverage  ${a.coverage}%` + (unknowns ? c.dim(`  (${unknowns} rule${unknowns === 1 ? ' in scope lacks' : 's in scope lack'} answers)`) : ''));
  out.push('');

  out.push(c.bold('  Category                    Score  Pass  Fail  Unknown  Waived  N/A  Beyond target'));
  for (const cat of a.categories) {
    const score = cat.score === null ? c.dim('  n/a') : pad(String(Math.round(cat.score)), 5);
    out.push(`  ${padEnd(cat.title, 26)}${score}  ${pad(cat.pass, 4)}  ${pad(cat.fail, 4)}  ${pad(cat.unknown, 7)}  ${pad(cat.waived, 6)}  ${pad(cat.notApplicable, 3)}  ${pad(cat.beyondTarget, 13)}`);
  }
  out.push('');

  if (a.nextLevel && a.nextLevel.blockers.length > 0) {
    out.push(c.bold(`  Blocking level ${a.nextLevel.level} ${levelName(a.nextLevel.level)}`) + c.dim(` (${a.nextLevel.blockers.length})`));
    for (const b of a.nextLevel.blockers) {
      const result = a.results.find((r) => r.id === b.ruleId)!;
      out.push(...finding(result, c));
    }
    out.push('');
  }

  const { within: plan, beyond } = splitPlan(a);
  if (plan.length > 0) {
    const limit = options.actionLimit ?? 10;
    out.push(c.bold('  Action plan') + c.dim(` (${plural(plan.length, 'item')} within the target)`));
    plan.slice(0, limit).forEach((item, i) => out.push(...actionLines(item, i + 1, c)));
    if (plan.length > limit) out.push(c.dim(`     … and ${plan.length - limit} more: see --format markdown or json`));
    out.push('');
  }
  if (beyond.length > 0) out.push(c.dim(`  Beyond the target: ${plural(beyond.length, 'more practice', 'more practices')} would take it to a higher level.`), '');

  if (a.waivers.length > 0) {
    out.push(c.bold('  Waivers'));
    for (const w of a.waivers) {
      const state = w.state === 'active' ? c.green(w.state) : w.state === 'expiring' ? c.yellow(w.state) : c.red(w.state);
      out.push(`    ${padEnd(w.rule + (w.item ? ` ${w.item}` : ''), 28)} ${padEnd(state, 9)} until ${w.expires}, ${w.owner}` +
        (w.note ? c.dim(` (${w.note})`) : ''));
    }
    out.push('');
  }

  if (a.baseline) out.push(...baselineLines(a, c), '');
  if (a.evidence) out.push(...evidenceLines(a, c), '');

  const adjusted = a.results.filter((r) => r.adjustment);
  if (adjusted.length > 0) {
    out.push(c.bold('  Rules adjusted by the manifest'));
    for (const r of adjusted) out.push(...wrap(`${padEnd(r.id, 9)}${describeAdjustment(r)}: ${r.adjustment!.reason}`, 4, 13));
    out.push('');
  }

  if (a.gate) {
    for (const check of a.gate.checks) {
      out.push(`  ${check.passed ? c.green('✓') : c.red('✗')} gate ${check.gate}: ${check.detail}`);
    }
    out.push(`  ${a.gate.passed ? c.green('Gate passed.') : c.red('Gate failed.')}`);
    out.push('');
  }
  out.push(c.dim(`  rules: ${a.packs.map((p) => `${p.name} ${p.version}`).join(', ')} · readiness explain <rule-id> for details`));
  return out.map((line) => line.trimEnd()).join('\n') + '\n';
}

/** Many projects: one summary table, then each project's own report. */
export function textPortfolioDocument(options: TextOptions): PortfolioDocument {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  return {
    head(s) {
      const out: string[] = [c.bold(`readiness · portfolio of ${plural(s.projects.length, 'project')}`), ''];
      out.push(c.bold('  Project                   Profile      Score  Level/target  Coverage  Top gap'));
      for (const a of s.projects) {
        const gap = a.topGap;
        const level = `${a.achieved.level}/${a.target.level}${meetsTarget(a) ? ' ✓' : ' ✗'}`;
        const gate = a.gate ? (a.gate.passed ? '' : c.red(' gate failed')) : '';
        out.push(`  ${padEnd(truncate(a.project.name, 25), 26)}${padEnd(a.project.profile, 11)}${pad(a.score, 7)}  ${padEnd(level, 12)}  ${pad(`${a.coverage}%`, 8)}  ` +
          `${gap ? truncate(`${gap.ruleId}${gap.item ? ` ${gap.item}` : ''}`, 24) : '-'}${gate}`);
      }
      for (const e of s.errors) out.push(c.red(`  ${padEnd(truncate(e.file, 25), 26)}not audited: ${e.message}`));
      out.push('');
      return out.join('\n');
    },
    project: (a) => '\n' + c.dim('─'.repeat(WIDTH)) + '\n\n' + renderText(a, options),
    tail: () => '',
  };
}

function baselineLines(a: Assessment, c: ChalkInstance): string[] {
  const b = a.baseline!;
  const signed = (n: number) => (n > 0 ? c.green(`+${n}`) : n < 0 ? c.red(String(n)) : '±0');
  const lines = [c.bold(`  Since ${baselineDate(b)}`) + c.dim(` (${b.file})`),
    `    score ${b.score.before} → ${b.score.after} (${signed(b.score.delta)}), level ${b.level.before} → ${b.level.after}, coverage ${b.coverage.before}% → ${b.coverage.after}%`];
  const moved = b.categories.filter((x) => x.delta !== null && x.delta !== 0);
  if (moved.length) lines.push(`    ${moved.map((x) => `${x.title} ${signed(x.delta!)}`).join(', ')}`);
  const units = (list: typeof b.newlyFailing) => list.map((u) => (u.item ? `${u.ruleId} ${u.item}` : u.ruleId)).join(', ');
  if (b.newlyFailing.length) lines.push(...wrap(`newly failing: ${units(b.newlyFailing)}`, 4, 6));
  if (b.newlyFixed.length) lines.push(...wrap(`newly fixed: ${units(b.newlyFixed)}`, 4, 6));
  for (const p of b.packChanges) {
    lines.push(c.yellow(`    rule pack ${p.name} ${p.before ?? '(absent)'} → ${p.after ?? '(absent)'}: part of the change may come from the rules, not the project`));
  }
  return lines;
}

/** Claims against the repository: every contradiction and unverified claim, confirmations counted. */
function evidenceLines(a: Assessment, c: ChalkInstance): string[] {
  const e = a.evidence!;
  const count = (status: FactEvidence['status']) => evidenceCount(e, status);
  const lines = [c.bold(`  Evidence from ${e.root}`) + c.dim(` (${e.filesScanned} files)`) +
    `: ${count('confirmed')} confirmed, ${count('unverified')} unverified, ${count('contradicted')} contradicted; ${plural(e.filled.length, 'unknown fact')} filled from the scan`];
  for (const f of e.facts.filter((x) => x.status !== 'confirmed').sort((x, y) => compareText(x.status, y.status))) {
    const mark = f.status === 'contradicted' ? c.red('✗ contradicted') : c.yellow('? unverified  ');
    const found = f.detected === undefined ? '; nothing found' : `, the repository shows ${JSON.stringify(f.detected)}${f.strength ? ` (${f.strength})` : ''}`;
    lines.push(...wrap(`${mark} ${f.path}: declared ${JSON.stringify(f.declared)}${found}`, 4, 19));
    for (const ev of f.evidence.slice(0, 2)) lines.push(...wrap(c.dim(`${ev.file}:${ev.line}  ${ev.signal}`), 19, 21));
  }
  for (const limit of e.limits) lines.push(c.yellow(`    scan cut short: ${limit}`));
  return lines;
}

function truncate(text: string, n: number): string {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

/** "disabled", or "severity high → low, level 3 → 4". */
function describeAdjustment(r: RuleResult): string {
  const note = r.adjustment!;
  if (note.disabled) return 'disabled';
  return [note.severity && `severity ${note.severity.from} → ${note.severity.to}`, note.level && `level ${note.level.from} → ${note.level.to}`]
    .filter(Boolean).join(', ') || 'unchanged';
}

const STATUS_MARK: Record<RuleStatus, string> = { pass: '✓', fail: '✗', unknown: '?', waived: '~', not_applicable: '-' };

function finding(r: RuleResult, c: ChalkInstance): string[] {
  const lines: string[] = [];
  const mark = r.status === 'fail' ? c.red(STATUS_MARK.fail) : c.yellow(STATUS_MARK.unknown);
  const items = openItems(r);
  const subject = items.length ? `${items.join(', ')}: ` : '';
  lines.push(...wrap(`${mark} ${padEnd(r.id, 9)}${padEnd(r.severity, 9)}${subject}${r.title}`, 4, 24));
  const next = r.status === 'unknown' && r.missing.length ? `declare ${r.missing.join(', ')}` : firstSentence(r.remediation);
  lines.push(...wrap(c.dim(`→ ${next}`), 24, 26));
  return lines;
}

function actionLines(item: ActionItem, n: number, c: ChalkInstance): string[] {
  const worth = [item.points > 0 ? `+${plural(item.points, 'point')}` : '', item.reachesLevel ? `reaches level ${item.reachesLevel}` : '']
    .filter(Boolean).join(', ');
  const head = `${pad(n, 3)}. ${padEnd(item.ruleId, 9)}${item.item ? `${item.item}: ` : ''}${item.title}`;
  return [...wrap(head + (worth ? c.cyan(`  ${worth}`) : ''), 2, 19), ...wrap(c.dim(`→ ${item.action}`), 19, 21)];
}

function bar(score: number, width: number, c: ChalkInstance): string {
  const filled = Math.round((score / 100) * width);
  const colour = score >= 80 ? c.green : score >= 50 ? c.yellow : c.red;
  return colour('█'.repeat(filled)) + c.dim('░'.repeat(width - filled));
}

/** Wraps at word boundaries to WIDTH columns; ANSI codes do not count towards the width. */
function wrap(text: string, indent: number, hangingIndent: number): string[] {
  const words = text.split(' ');
  const lines: string[] = [];
  let line = ' '.repeat(indent);
  let visible = indent;
  for (const word of words) {
    const length = visibleLength(word);
    if (visible + length > WIDTH && visible > hangingIndent) {
      lines.push(line.trimEnd());
      line = ' '.repeat(hangingIndent);
      visible = hangingIndent;
    }
    line += word + ' ';
    visible += length + 1;
  }
  lines.push(line.trimEnd());
  return lines;
}

const visibleLength = (s: string) => (s.includes('\x1b') ? s.replace(/\x1b\[[0-9;]*m/g, '').length : s.length);
const pad = (v: string | number, n: number) => String(v).padStart(n);
/** Pads to `n` visible columns: colour codes take no room on the terminal. */
const padEnd = (v: string, n: number) => v + ' '.repeat(Math.max(0, n - visibleLength(v)));
