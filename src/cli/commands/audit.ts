import { auditManifest } from '../../audit.js';
import { ReadinessError } from '../../errors.js';
import { manifestExtends, readManifest, validateManifest } from '../../manifest/load-manifest.js';
import type { Profile } from '../../manifest/types.js';
import { renderReport, REPORT_FORMATS, type ReportFormat } from '../../report/index.js';
import { loadRuleSet } from '../../rules/load-rule-set.js';
import type { Severity } from '../../rules/types.js';
import type { Assessment } from '../../scoring/assessment.js';
import type { GateOptions } from '../../scoring/gates.js';
import { NothingInScopeError } from '../../scoring/score.js';
import { useColor, writeFileSafely, type CliIo } from '../io.js';

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
  quiet?: boolean;
}

interface OutputTarget {
  format: ReportFormat;
  path: string;
  /** Given as a bare path, so it carries --format. */
  plain: boolean;
}

/** `readiness audit`: returns the exit code (0 gates passed, 1 a gate failed). */
export function runAudit(manifestArgs: string[], flags: AuditFlags, io: CliIo): number {
  const format = checkFormat(flags.format);
  const targets = (flags.output ?? []).map((o) => parseOutput(o, format));
  const now = flags.date ?? new Date();
  const file = manifestArgs[0] ?? 'readiness.yaml';
  if (manifestArgs.length > 1) {
    throw new ReadinessError('usage', 'audit takes one manifest at a time for now', undefined, 'run it once per manifest');
  }
  const parsed = readManifest(file);
  const ruleSet = loadRuleSet([...(flags.rules ?? []), ...manifestExtends(parsed)]);
  const manifest = validateManifest(parsed, ruleSet, { now });
  const gates: GateOptions = {
    ...(flags.minScore !== undefined && { minScore: flags.minScore }),
    ...(flags.minLevel !== undefined && { minLevel: flags.minLevel }),
    ...(flags.failOn !== undefined && { failOn: flags.failOn }),
  };
  let assessment: Assessment;
  try {
    assessment = auditManifest(manifest, ruleSet, {
      now, waivers: flags.waivers, ...(flags.profile && { profile: flags.profile }),
      ...(Object.keys(gates).length > 0 && { gates }),
    });
  } catch (error) {
    if (error instanceof NothingInScopeError) {
      throw new ReadinessError('input', error.message, { file }, 'check context facts and the profile; an audit that evaluates nothing is never a pass');
    }
    throw error;
  }
  for (const target of targets) writeFileSafely(target.path, renderReport(assessment, target.format), io.cwd);
  // `-o report.json` takes --format to a file, and the terminal gets the text report instead.
  const screen: ReportFormat = targets.some((t) => t.plain) ? 'text' : format;
  if (!flags.quiet) io.stdout(renderReport(assessment, screen, { color: screen === 'text' && useColor(io) }));
  if (assessment.gate && !assessment.gate.passed && (screen !== 'text' || flags.quiet)) {
    for (const check of assessment.gate.checks.filter((c) => !c.passed)) io.stderr(`readiness: gate ${check.gate} failed: ${check.detail}\n`);
  }
  return assessment.gate && !assessment.gate.passed ? 1 : 0;
}

function checkFormat(format: string): ReportFormat {
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
    throw new ReadinessError('usage', `unknown format "${format}"`, undefined, `formats: ${REPORT_FORMATS.join(', ')}`);
  }
  return format as ReportFormat;
}

function isFormatTarget(value: string): boolean {
  const prefix = value.split('=')[0]!;
  return value.includes('=') && (REPORT_FORMATS as readonly string[]).includes(prefix);
}

/** `-o report.json` writes --format to a file; `-o sarif=out.sarif` names the format itself. */
function parseOutput(value: string, format: ReportFormat): OutputTarget {
  if (isFormatTarget(value)) {
    const at = value.indexOf('=');
    const path = value.slice(at + 1);
    if (!path) throw new ReadinessError('usage', `--output ${value}: no file named after "="`);
    return { format: value.slice(0, at) as ReportFormat, path, plain: false };
  }
  return { format, path: value, plain: true };
}
