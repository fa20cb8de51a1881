import { basename, resolve } from 'node:path';
import { ReadinessError } from '../../errors.js';
import type { Profile } from '../../manifest/types.js';
import { loadRuleSet } from '../../rules/load-rule-set.js';
import { draftManifest } from '../../scan/draft-manifest.js';
import { scanRepository, type ScanProgress } from '../../scan/scan.js';
import type { DetectedFact, ScanResult } from '../../scan/types.js';
import { checkNewFile, writeFileSafely, type CliIo } from '../io.js';

export interface ScanFlags {
  format: string;
  writeManifest?: string;
  profile?: Profile;
  /** Files listed at most; the scan notes it when this cut it short. */
  maxFiles?: number;
  rules?: string[];
}

const SCAN_FORMATS = ['text', 'json'];
const MAX_SKIPPED_SHOWN = 10;

/** `readiness scan [dir]`: prints the facts the repository shows, each with its file and line. */
export async function runScan(dir: string, flags: ScanFlags, io: CliIo): Promise<number> {
  if (!SCAN_FORMATS.includes(flags.format)) {
    throw new ReadinessError('usage', `unknown format "${flags.format}" for scan`, undefined, `formats: ${SCAN_FORMATS.join(', ')}`);
  }
  // refuse before the work, not after it
  if (flags.writeManifest) checkNewFile(flags.writeManifest, io.cwd, { hint: 'name another file, or remove it first' });
  const ruleSet = flags.writeManifest ? loadRuleSet(flags.rules ?? []) : undefined;
  const root = resolve(io.cwd, dir);
  const progress = io.stderrIsTTY ? progressLine(io) : undefined;
  let result: ScanResult;
  try {
    result = await scanRepository(root, { ...(flags.maxFiles !== undefined && { maxFiles: flags.maxFiles }), ...(progress && { onProgress: progress.update }) });
  } finally {
    progress?.clear();
  }
  io.stdout(flags.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : renderScan(result));
  if (flags.writeManifest && ruleSet) {
    const profile = flags.profile ?? 'production';
    writeFileSafely(flags.writeManifest, draftManifest(result, ruleSet, profile, basename(root)), io.cwd);
    io.stderr(`readiness: wrote ${flags.writeManifest} for the ${profile} profile with what the scan found; answer the rest, then run: readiness audit ${flags.writeManifest}\n`);
  }
  return 0;
}

/** Redraws one stderr line, and only once a scan has run long enough to need it. */
export function progressLine(io: CliIo): { update: (p: ScanProgress) => void; clear: () => void } {
  const started = Date.now();
  let drawn = 0;
  return {
    update: (p) => {
      const now = Date.now();
      if (now - started < 500 || now - drawn < 100) return;
      drawn = now;
      const text = p.phase === 'listing' ? `listing files: ${p.done.toLocaleString('en-US')}` : `reading files: ${p.done.toLocaleString('en-US')} of ${(p.total ?? 0).toLocaleString('en-US')}`;
      io.stderr(`\r\x1b[Kreadiness: ${text}`);
    },
    clear: () => {
      if (drawn > 0) io.stderr('\r\x1b[K');
    },
  };
}

/** The text report: facts with the places that show them, list-item evidence, other signals, limits. */
export function renderScan(result: ScanResult): string {
  const lines = [`readiness scan of ${result.root}: ${result.filesScanned} file${result.filesScanned === 1 ? '' : 's'}`, ''];
  const section = result.facts.filter((f) => !f.path.includes('[]'));
  const items = result.facts.filter((f) => f.path.includes('[]'));
  const fact = (f: DetectedFact) => [
    `  ${f.path} = ${JSON.stringify(f.value)}   (${f.strength})`,
    ...f.evidence.map((e) => `      ${e.file}:${e.line}  ${e.signal}`),
  ];
  lines.push(section.length > 0 ? 'Facts found' : 'No facts found', ...section.flatMap(fact));
  if (items.length > 0) lines.push('', 'Found for list items in general (applies to no item in particular)', ...items.flatMap(fact));
  if (result.signals.length > 0) lines.push('', 'Other signals (no fact describes them)', ...result.signals.map((s) => `  ${s.file}:${s.line}  ${s.signal}`));
  if (result.limits.length > 0) lines.push('', 'Limits that cut the scan short', ...result.limits.map((l) => `  ${l}`));
  if (result.skipped.length > 0) {
    lines.push('', `Skipped (${result.skipped.length})`, ...result.skipped.slice(0, MAX_SKIPPED_SHOWN).map((s) => `  ${s.path}: ${s.reason}`));
    if (result.skipped.length > MAX_SKIPPED_SHOWN) lines.push(`  … ${result.skipped.length - MAX_SKIPPED_SHOWN} more (--format json lists them all)`);
  }
  return `${lines.join('\n')}\n`;
}
