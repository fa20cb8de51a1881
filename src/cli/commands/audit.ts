import { dirname, resolve } from 'node:path';
import { auditManifest } from '../../audit.js';
import { formatError, ReadinessError } from '../../errors.js';
import { manifestExtends, readManifest, validateManifest } from '../../manifest/load-manifest.js';
import type { Profile } from '../../manifest/types.js';
import { REPORT_FORMATS, type ReportFormat } from '../../report/formats.js';
import { portfolioDocument, renderReport } from '../../report/index.js';
import { summarise, type PortfolioDocument, type PortfolioSummary } from '../../report/portfolio.js';
import { loadRuleSet } from '../../rules/load-rule-set.js';
import type { RuleSet } from '../../rules/rule-set.js';
import type { Severity } from '../../rules/types.js';
import type { ScanResult } from '../../scan/types.js';
import type { Assessment, Portfolio } from '../../scoring/assessment.js';
import type { GateOptions } from '../../scoring/gates.js';
import { NothingInScopeError } from '../../scoring/score.js';
import { requireWhenUsed } from '../../require-when-used.js';
import { Timings } from '../timings.js';
import { checkWritable, readTextFile, Spool, useColor, writeFilesSafely, type CliIo } from '../io.js';

export interface AuditFlags {
  profile?: Profile;
  format: string;
  output?: string[];
  minScore?: number;
  minLevel?: number | 'target';
  failOn?: Severity;
  rules?: string[];
  waivers: boolean;
  date?: Date;
  baseline?: string;
  regression?: boolean;
  /** `--scan` alone is true: scan each manifest's own folder. */
  scan?: boolean | string;
  client?: string;
  assessor?: string;
  reportDate?: Date;
  quiet?: boolean;
  debug?: boolean;
}

interface OutputTarget {
  format: ReportFormat;
  path: string;
  /** Given as a bare path, so it carries --format. */
  plain: boolean;
}

/**
 * `readiness audit`: one manifest gives one report; several (or a glob) give a portfolio.
 * Returns the exit code: 0 every gate passed, 1 a gate failed, 2 a manifest could not be audited.
 */
export async function runAudit(manifestArgs: string[], flags: AuditFlags, io: CliIo): Promise<number> {
  const format = checkFormat(flags.format);
  const targets = (flags.output ?? []).map((o) => parseOutput(o, format));
  // every output's directory is checked before anything is audited
  for (const target of targets) checkWritable(target.path, io.cwd);
  // `-o report.json` takes --format, and the terminal then gets text
  const screen: ReportFormat = targets.some((t) => t.plain) ? 'text' : format;
  if (flags.regression === false && !flags.baseline) {
    throw new ReadinessError('usage', '--no-regression needs --baseline <earlier report.json>');
  }
  const now = flags.date ?? new Date();
  const files = await expandManifests(manifestArgs.length ? manifestArgs : ['readiness.yaml'], io.cwd);
  const baselines = flags.baseline ? readBaseline(flags.baseline, io) : undefined;
  const gates: GateOptions = {
    ...(flags.minScore !== undefined && { minScore: flags.minScore }),
    ...(flags.minLevel !== undefined && { minLevel: flags.minLevel }),
    ...(flags.failOn !== undefined && { failOn: flags.failOn }),
    ...(flags.regression === false && { noRegression: true }),
  };
  const metadata = {
    ...(flags.client && { client: flags.client }),
    ...(flags.assessor && { assessor: flags.assessor }),
    ...(flags.reportDate && { date: flags.reportDate.toISOString().slice(0, 10) }),
  };
  const timings = new Timings();
  const ruleSets = new Map<string, RuleSet>();
  const scans = new Map<string, ScanResult>();
  const scanFor = async (file: string): Promise<ScanResult | undefined> => {
    if (!flags.scan) return undefined;
    const root = typeof flags.scan === 'string' ? resolve(io.cwd, flags.scan) : dirname(resolve(io.cwd, file));
    let scan = scans.get(root);
    if (!scan) {
      const { scanRepository } = await import('../../scan/scan.js'); // the scanner loads only for --scan
      scan = await timings.measureAsync('scan', () => scanRepository(root));
      for (const limit of scan.limits) io.stderr(`readiness: scan of ${root}: ${limit}\n`);
      scans.set(root, scan);
    }
    return scan;
  };
  const auditOne = async (file: string): Promise<Assessment> => {
    const parsed = timings.measure('manifest', () => readManifest(file));
    const packs = [...(flags.rules ?? []), ...manifestExtends(parsed)];
    let ruleSet = ruleSets.get(packs.join('\0'));
    if (!ruleSet) ruleSets.set(packs.join('\0'), (ruleSet = timings.measure('rules', () => loadRuleSet(packs))));
    const manifest = timings.measure('manifest', () => validateManifest(parsed, ruleSet, { now }));
    const scan = await scanFor(file);
    const earlier = baselines?.find((b) => b.project.name === manifest.project.name);
    if (baselines && !earlier) io.stderr(`readiness: ${flags.baseline}: no earlier report of ${manifest.project.name}; nothing to compare\n`);
    try {
      return timings.measure('evaluate', () => auditManifest(manifest, ruleSet, {
        now, waivers: flags.waivers, ...(flags.profile && { profile: flags.profile }),
        ...(Object.keys(gates).length > 0 && { gates }),
        ...(earlier && { baseline: { assessment: earlier, file: flags.baseline! } }),
        ...(scan && { scan }),
      }));
    } catch (error) {
      if (error instanceof NothingInScopeError) {
        throw new ReadinessError('input', error.message, { file }, 'check context facts and the profile; an audit that evaluates nothing is never a pass');
      }
      throw error;
    }
  };

  if (files.length === 1) {
    const assessment = await auditOne(files[0]!);
    await timings.measureAsync('render', () => emit(io, flags, screen, targets, (f, color) => renderReport(assessment, f, { color, metadata })));
    reportGateFailures(io, flags, screen, [assessment]);
    if (flags.debug) io.stderr(`readiness: timing: ${timings.summary()}\n`);
    return assessment.gate && !assessment.gate.passed ? 1 : 0;
  }

  // A portfolio: one bad manifest is reported and the others are still audited. Each project's part
  // of every report is written aside as soon as it is audited and only its summary is kept, so
  // memory does not grow with the number of projects (docs/adr/0006-portfolio-output-in-pieces.md).
  const outputs: { path?: string; document: PortfolioDocument; parts: Spool }[] = [];
  try {
    for (const t of targets) {
      outputs.push({ path: t.path, document: await portfolioDocument(t.format, { metadata }), parts: new Spool(dirname(resolve(io.cwd, t.path)), t.path) });
    }
    if (!flags.quiet) {
      const options = { color: screen === 'text' && useColor(io), metadata };
      const { tmpdir } = requireWhenUsed('node:os') as typeof import('node:os'); // for a portfolio only
      outputs.push({ document: await portfolioDocument(screen, options), parts: new Spool(tmpdir(), tmpdir()) });
    }
    const summary: PortfolioSummary = { generatedAt: now.toISOString(), projects: [], errors: [] };
    for (const file of files) {
      await nextTurn(); // a long portfolio still hears Ctrl-C between two projects
      try {
        const assessment = await auditOne(file);
        timings.measure('render', () => outputs.forEach((o) => o.parts.write(o.document.project(assessment, summary.projects.length))));
        summary.projects.push(summarise(assessment));
      } catch (error) {
        if (!(error instanceof ReadinessError)) throw error;
        const message = formatError(error);
        io.stderr(`${message}\n`);
        summary.errors.push({ file, message: message.replace(/^readiness: /, '') });
      }
    }
    timings.measure('render', () => {
      const whole = function* (o: (typeof outputs)[number]) {
        yield o.document.head(summary);
        yield* o.parts.read();
        yield o.document.tail(summary);
      };
      writeFilesSafely(outputs.flatMap((o) => (o.path === undefined ? [] : [{ path: o.path, content: whole(o) }])), io.cwd);
      for (const o of outputs.filter((x) => x.path === undefined)) for (const piece of whole(o)) io.stdout(piece);
    });
    reportGateFailures(io, flags, screen, summary.projects);
    if (flags.debug) io.stderr(`readiness: timing: ${timings.summary()}\n`);
    if (summary.errors.length > 0) return 2;
    return summary.projects.some((a) => a.gate && !a.gate.passed) ? 1 : 0;
  } finally {
    for (const o of outputs) o.parts.dispose();
  }
}

/**
 * Lets the event loop run: an audit resolves its promises without waiting on I/O, so a loop of
 * them would otherwise hold off the SIGINT handler until the whole portfolio is done.
 */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Files first, then the terminal. */
async function emit(io: CliIo, flags: AuditFlags, screen: ReportFormat, targets: OutputTarget[],
  render: (format: ReportFormat, color: boolean) => Promise<string>): Promise<void> {
  // the files appear together, or none
  writeFilesSafely(await Promise.all(targets.map(async (t) => ({ path: t.path, content: await render(t.format, false) }))), io.cwd);
  if (flags.quiet) return;
  io.stdout(await render(screen, screen === 'text' && useColor(io)));
}

/** When the terminal does not show the text report, a failed gate still gets one line each. */
function reportGateFailures(io: CliIo, flags: AuditFlags, screen: ReportFormat, assessments: Pick<Assessment, 'manifest' | 'gate'>[]): void {
  if (!flags.quiet && screen === 'text') return;
  for (const a of assessments) {
    for (const check of a.gate?.checks.filter((c) => !c.passed) ?? []) {
      io.stderr(`readiness: ${a.manifest}: gate ${check.gate} failed: ${check.detail}\n`);
    }
  }
}

async function expandManifests(args: string[], cwd: string): Promise<string[]> {
  const files: string[] = [];
  for (const arg of args) {
    if (!/[*?[{]/.test(arg)) {
      files.push(arg);
      continue;
    }
    // the glob matcher is loaded only for a portfolio pattern
    const { glob } = await import('tinyglobby');
    const matches = (await glob([arg], { cwd, onlyFiles: true, expandDirectories: false })).sort();
    if (matches.length === 0) throw new ReadinessError('usage', `no manifest matches ${arg}`);
    files.push(...matches);
  }
  return [...new Set(files)];
}

/** An earlier JSON report (single or portfolio) → its assessments, matched later by project name. */
function readBaseline(file: string, io: CliIo): Assessment[] {
  const text = readTextFile(file, io.cwd, 'baseline');
  let report: Partial<Assessment & Portfolio>;
  try {
    report = JSON.parse(text) as Partial<Assessment & Portfolio>;
  } catch (error) {
    const offset = Number(/position (\d+)/.exec((error as Error).message)?.[1] ?? NaN);
    const before = Number.isNaN(offset) ? undefined : text.slice(0, offset).split('\n');
    throw new ReadinessError('input', 'is not JSON: a baseline is the output of `readiness audit --format json`',
      before ? { file, line: before.length, column: before.at(-1)!.length + 1 } : { file });
  }
  if (report?.reportVersion !== 1 || !(Array.isArray(report.results) || Array.isArray(report.assessments))) {
    throw new ReadinessError('input', 'is not a readiness JSON report of reportVersion 1', { file });
  }
  return report.assessments ?? [report as Assessment];
}

function checkFormat(format: string): ReportFormat {
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
    throw new ReadinessError('usage', `unknown format "${format}"`, undefined, `formats: ${REPORT_FORMATS.join(', ')}`);
  }
  return format as ReportFormat;
}

/** `-o report.json` writes --format to a file; `-o sarif=out.sarif` names the format itself. */
function parseOutput(value: string, format: ReportFormat): OutputTarget {
  const at = value.indexOf('=');
  const prefix = value.slice(0, at);
  if (at > 0 && (REPORT_FORMATS as readonly string[]).includes(prefix)) {
    const path = value.slice(at + 1);
    if (!path) throw new ReadinessError('usage', `--output ${value}: no file named after "="`);
    return { format: prefix as ReportFormat, path, plain: false };
  }
  return { format, path: value, plain: true };
}
