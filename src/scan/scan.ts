import { stat } from 'node:fs/promises';
import { ReadinessError } from '../errors.js';
import { MAX_EVIDENCE, strengthRank } from './detect.js';
import { deliveryDetector } from './detectors/delivery.js';
import { loadTestingDetector } from './detectors/load-testing.js';
import { migrationsDetector } from './detectors/migrations.js';
import { observabilityDetector } from './detectors/observability.js';
import { operationsDetector } from './detectors/operations.js';
import { packagesDetector } from './detectors/packages.js';
import { recoveryDetector } from './detectors/recovery.js';
import { resilienceDetector } from './detectors/resilience.js';
import { secretsDetector } from './detectors/secrets.js';
import { securityDetector } from './detectors/security.js';
import type { Coverage, DetectedFact, Detector, Evidence, Inventory, PackageRef, ScanResult, SourceFile } from './types.js';
import { isBinaryName, readFiles } from './read.js';
import { listFiles, type ListedFile } from './walk.js';
import { compareText } from '../compare.js';

/** The detectors after the package inventory, one per family of signals. */
export const DETECTORS: readonly Detector<unknown>[] = [
  observabilityDetector, migrationsDetector, resilienceDetector, securityDetector, secretsDetector,
  loadTestingDetector, deliveryDetector, recoveryDetector, operationsDetector,
] as Detector<unknown>[];

export interface ScanProgress {
  phase: 'listing' | 'reading';
  done: number;
  /** Known once listing is over. */
  total?: number;
}

export interface ScanOptions {
  /** Files listed at most (default 200,000). */
  maxFiles?: number;
  /** Bytes read of one file at most; larger files are known by name only (default 1 MiB). */
  maxFileBytes?: number;
  /** Files read at once (default 32). */
  concurrency?: number;
  onProgress?: (progress: ScanProgress) => void;
}

export const DEFAULT_MAX_FILES = 200_000;
export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;

/**
 * Reads a repository and reports the facts its files show. Never executes, imports or installs
 * anything from it: every file is read as text, and only detectors look at the text.
 */
export async function scanRepository(root: string, options: ScanOptions = {}): Promise<ScanResult> {
  const maxFiles = options.maxFiles ?? DEFAULT_MAX_FILES;
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const concurrency = options.concurrency ?? 32;
  await checkRoot(root);

  const listing = await listFiles(root, { maxFiles, onProgress: (done) => options.onProgress?.({ phase: 'listing', done }) });
  const skipped = [...listing.skipped];
  const tooLarge: string[] = [];
  const total = listing.files.length;
  let done = 0;

  const unread = new Set<string>();
  const readAll = async (files: ListedFile[], use: (file: SourceFile) => void) => {
    const report = await readFiles(files, { concurrency, maxFileBytes }, use);
    tooLarge.push(...report.tooLarge);
    skipped.push(...report.failed);
    // a manifest that failed in the first pass is not tried, or reported, twice
    for (const path of [...report.tooLarge, ...report.failed.map((f) => f.path)]) unread.add(path);
  };

  // 1. the package inventory, which the other detectors match library names against
  const manifests = listing.files.filter((f) => packagesDetector.wants(f.path));
  const packages: PackageRef[] = [];
  const manifestTexts = new Map<string, SourceFile>();
  const paths = new Set(listing.files.map((f) => f.path));
  const bare: Inventory = { paths, excludedDirs: listing.excludedDirs, packages: [] };
  await readAll(manifests, (file) => {
    manifestTexts.set(file.path, file);
    packages.push(...packagesDetector.inspect(file, bare));
  });
  packages.sort((a, b) => compareText(a.file, b.file) || a.line - b.line);
  const inventory: Inventory = { ...bare, packages };

  // 2. every file that some detector wants, each text dropped once inspected. Files are read in
  // parallel and finish in any order, so each detector's findings are kept per file and put back
  // in listing order before it concludes: the same repository always gives the same report.
  const found = DETECTORS.map(() => new Map<string, unknown[]>());
  // which detectors want each file, decided once from its path
  const readers = new Map<string, number[]>();
  for (const file of listing.files) {
    if (isBinaryName(file.path)) continue;
    const wanting = DETECTORS.flatMap((d, i) => (d.wants(file.path) ? [i] : []));
    if (wanting.length > 0) readers.set(file.path, wanting);
  }
  const inspect = (file: SourceFile) => {
    for (const i of readers.get(file.path) ?? []) {
      const detector = DETECTORS[i]!;
      try {
        const hits = detector.inspect(file, inventory);
        if (hits.length > 0) found[i]!.set(file.path, hits);
      } catch (error) {
        skipped.push({ path: file.path, reason: `the ${detector.name} detector could not read it: ${(error as Error).message}` });
      }
    }
    if (++done % 500 === 0) options.onProgress?.({ phase: 'reading', done, total });
  };
  const toRead: ListedFile[] = [];
  for (const file of listing.files.filter((f) => readers.has(f.path))) {
    const text = manifestTexts.get(file.path);
    if (text) inspect(text);
    else if (!unread.has(file.path)) toRead.push(file);
  }
  manifestTexts.clear();
  await readAll(toRead, inspect);
  options.onProgress?.({ phase: 'reading', done: total, total });

  const inOrder = (byFile: Map<string, unknown[]>) => listing.files.flatMap((f) => byFile.get(f.path) ?? []);
  const results = [packagesDetector.conclude([], inventory), ...DETECTORS.map((d, i) => d.conclude(inOrder(found[i]!), inventory))];
  tooLarge.sort();
  skipped.push(...tooLarge.map((path) => ({ path, reason: `larger than ${formatBytes(maxFileBytes)}: only its name was used` })));
  return {
    root,
    facts: joinFacts(results.flatMap((r) => r.facts)),
    signals: uniqueSignals(results.flatMap((r) => r.signals)),
    covers: joinCoverage([packagesDetector, ...DETECTORS].map((d) => d.covers)),
    filesScanned: total,
    limits: [...listing.limits, ...(tooLarge.length > 0 ? [sizeLimitNote(tooLarge, maxFileBytes)] : [])],
    skipped: skipped.sort((a, b) => compareText(a.path, b.path)),
  };
}

async function checkRoot(root: string): Promise<void> {
  let info;
  try {
    info = await stat(root);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ReadinessError('io', `cannot scan: ${code === 'ENOENT' ? 'no such folder' : code ?? (error as Error).message}`, { file: root });
  }
  if (!info.isDirectory()) throw new ReadinessError('usage', 'cannot scan: not a folder', { file: root }, 'name the repository\'s folder');
}

/** Facts of the same path and value from several detectors become one, strongest evidence first. */
function joinFacts(facts: DetectedFact[]): DetectedFact[] {
  const joined = new Map<string, DetectedFact>();
  for (const fact of facts) {
    const key = `${fact.path}=${JSON.stringify(fact.value)}`;
    const earlier = joined.get(key);
    if (!earlier) joined.set(key, { ...fact, evidence: [...fact.evidence] });
    else {
      if (strengthRank(fact.strength) > strengthRank(earlier.strength)) earlier.strength = fact.strength;
      earlier.evidence = [...earlier.evidence, ...fact.evidence].slice(0, MAX_EVIDENCE);
    }
  }
  return [...joined.values()].sort((a, b) => compareText(a.path, b.path) || strengthRank(b.strength) - strengthRank(a.strength) || b.evidence.length - a.evidence.length);
}

function joinCoverage(coverages: Coverage[]): Record<string, unknown[] | 'any'> {
  const joined: Record<string, unknown[] | 'any'> = {};
  for (const [path, values] of coverages.flatMap((c) => Object.entries(c)).sort(([a], [b]) => compareText(a, b))) {
    const earlier = joined[path];
    joined[path] = values === 'any' || earlier === 'any' ? 'any' : [...new Set([...(earlier ?? []), ...values])];
  }
  return joined;
}

function uniqueSignals(signals: Evidence[]): Evidence[] {
  const unique = new Map(signals.map((s) => [`${s.file}:${s.line}:${s.signal}`, s]));
  return [...unique.values()].sort((a, b) => compareText(a.file, b.file) || a.line - b.line);
}

function sizeLimitNote(tooLarge: string[], maxFileBytes: number): string {
  const many = tooLarge.length > 1;
  const examples = `${tooLarge.slice(0, 5).join(', ')}${tooLarge.length > 5 ? ', …' : ''}`;
  return `${tooLarge.length} file${many ? 's' : ''} over ${formatBytes(maxFileBytes)} ${many ? 'were' : 'was'} not read, only ${many ? 'their names' : 'its name'} used: ${examples}`;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${+(bytes / 1024 / 1024).toFixed(1)} MB` : bytes >= 1024 ? `${+(bytes / 1024).toFixed(1)} KB` : `${bytes} bytes`;
}
