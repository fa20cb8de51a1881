/** One place in the repository that shows something: what reports print as `file:line`. */
export interface Evidence {
  /** Relative to the scanned root, with `/` separators. */
  file: string;
  /** 1-based. */
  line: number;
  /** What was seen, e.g. "opossum in package.json"; never the text of a secret. */
  signal: string;
}

/**
 * strong: enforcing configuration (probes, PodDisruptionBudget, k6 thresholds);
 * medium: a tool wired in (a CI step, a migration directory, a client call);
 * weak: a library in a manifest, which is present but not proven to be applied.
 */
export type Strength = 'strong' | 'medium' | 'weak';

export interface DetectedFact {
  /**
   * A fact path exactly as the rule packs declare it: `observability.tracing`, or for a list's
   * items `dependencies[].circuit_breaker`, which speaks of the items in general (a library
   * present is not proof that it wraps every dependency).
   */
  path: string;
  value: unknown;
  strength: Strength;
  evidence: Evidence[];
}

export interface ScanResult {
  /** The scanned folder, as given. */
  root: string;
  facts: DetectedFact[];
  /** What was found that no fact describes (a Helm chart, a health route, a retry library). */
  signals: Evidence[];
  /**
   * What the detectors can find evidence of: per fact path, the values they can show, or 'any'.
   * A declared value they could have shown, but did not, is "unverified".
   */
  covers: Record<string, unknown[] | 'any'>;
  /** Files listed (their names were considered), whether or not their text was read. */
  filesScanned: number;
  /** A note for each limit that cut the scan short. */
  limits: string[];
  skipped: { path: string; reason: string }[];
}

/** A file as the detectors see it: its path and its text, never anything to run. */
export interface SourceFile {
  path: string;
  text: string;
}

export type Ecosystem = 'npm' | 'pypi' | 'go' | 'maven' | 'nuget' | 'cargo' | 'rubygems';

/** One dependency declared in a package manifest. */
export interface PackageRef {
  ecosystem: Ecosystem;
  /** As the ecosystem spells it: `opossum`, `io.github.resilience4j:resilience4j-circuitbreaker`. */
  name: string;
  file: string;
  line: number;
  /** The declaration's own line, for details such as Cargo features. */
  declaration: string;
  /** The manifest pins exact, hashed versions (pip-compile output): it is its own lockfile. */
  locked?: true;
}

/** What every detector may consult besides the file in hand: the names of all files and the packages. */
export interface Inventory {
  paths: ReadonlySet<string>;
  /** Folders left out on purpose (`.git`, `node_modules`…), relative to the root. */
  excludedDirs: readonly string[];
  packages: readonly PackageRef[];
}

/** A fact or, without `fact`, a signal alone, seen at one place. */
export interface Hit {
  fact?: string;
  value?: unknown;
  strength: Strength;
  evidence: Evidence;
}

export interface DetectorResult {
  facts: DetectedFact[];
  signals: Evidence[];
}

/**
 * A detector is pure: `inspect` turns one file's text into findings, `conclude` turns the
 * findings of every file (and the package inventory) into facts. The scan does the reading and
 * drops each text once inspected, so a large tree is never held in memory.
 */
/** Per fact path, the values a detector can show evidence of, or 'any' (numbers, names). */
export type Coverage = Readonly<Record<string, readonly unknown[] | 'any'>>;

export interface Detector<T = Hit> {
  name: string;
  covers: Coverage;
  /** Whether it needs the text of the file at this path. */
  wants(path: string): boolean;
  inspect(file: SourceFile, inventory: Inventory): T[];
  conclude(found: readonly T[], inventory: Inventory): DetectorResult;
}
