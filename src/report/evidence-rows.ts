import type { FactEvidence } from '../facts/evidence.js';
import type { Assessment, EvidenceSummary } from '../scoring/assessment.js';

export interface EvidenceRow {
  status: 'contradicted' | 'unverified' | 'confirmed' | 'filled';
  path: string;
  declared: string;
  found: string;
  /** `file:line` places in the repository (or the manifest, for a declared value). */
  where: string[];
}

const ORDER = ['contradicted', 'unverified', 'confirmed', 'filled'];

/**
 * What `--scan` found, as rows both consultants' formats print: contradictions first (each is a
 * finding), then claims the repository does not show, then confirmed claims, then the facts the
 * scan filled in where the manifest was silent.
 */
export function evidenceRows(a: Assessment): EvidenceRow[] {
  const e = a.evidence;
  if (!e) return [];
  const show = (value: unknown) => (value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value));
  const rows: EvidenceRow[] = [
    ...e.facts.map((f) => ({
      status: f.status,
      path: f.path,
      declared: show(f.declared),
      found: f.detected === undefined ? 'nothing' : `${show(f.detected)}${f.strength ? ` (${f.strength})` : ''}`,
      where: f.evidence.map((ev) => `${ev.file}:${ev.line} ${ev.signal}`),
    })),
    ...e.filled.map((f) => ({ status: 'filled' as const, path: f.path, declared: '', found: show(f.value), where: [`${f.at.file}:${f.at.line}`] })),
  ];
  return rows.sort((x, y) => ORDER.indexOf(x.status) - ORDER.indexOf(y.status));
}

/** How many declared facts the scan confirmed, did not show, or contradicted. */
export function evidenceCount(e: EvidenceSummary, status: FactEvidence['status']): number {
  return e.facts.filter((f) => f.status === status).length;
}

export function evidenceSummary(a: Assessment): string {
  const e = a.evidence!;
  const count = (status: FactEvidence['status']) => evidenceCount(e, status);
  return `Scanned ${e.root} (${e.filesScanned} files, nothing in it run): ${count('confirmed')} claims confirmed, ` +
    `${count('unverified')} not shown by the repository, ${count('contradicted')} contradicted; ` +
    `${e.filled.length} facts the manifest left unknown were filled from the scan.` +
    (e.limits.length ? ` The scan was cut short: ${e.limits.join('; ')}.` : '');
}
