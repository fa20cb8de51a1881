import { join, relative } from 'node:path';
import { crc32 } from 'node:zlib';
import type { Validator } from '../source/schema-check.js';
import type { PackFiles } from './load-pack.js';
import type { CheckedReads } from './rule-set.js';
import type { Rule, RulePack } from './types.js';

/**
 * The built-in pack parsed at build time and embedded in the bundles (scripts/build.mjs
 * replaces `bundled-snapshot.ts`): parsing its YAML and compiling the manifest's schema would be
 * most of an audit's cost, and the pack only changes with a release. A snapshot is used only
 * while its hash matches the rule files on disk, so an edited rule is never served stale.
 */
export interface BuiltInSnapshot {
  hash: string;
  /** Positions relative to the pack directory. */
  pack: RulePack;
  /** ajv standalone code validating a manifest against exactly this pack's facts. */
  manifestValidator: Validator;
  /** What type-checking each rule's expressions found, by rule id: they need not be checked again. */
  reads: Record<string, CheckedReads>;
}

/**
 * What the snapshot was made from: each file's name and text. A CRC-32 rather than a
 * cryptographic hash, because it only has to notice an edit and loading node:crypto took longer
 * than the rest of the check.
 */
export function hashPackFiles(files: PackFiles): string {
  let crc = 0;
  let length = 0;
  for (const f of [files.manifest, ...files.files]) {
    crc = crc32(f.text, crc32(`${relative(files.dir, f.file)}\0`, crc));
    length += f.text.length;
  }
  return `crc32:${(crc >>> 0).toString(16)}:${length}`;
}

/** Positions are stored relative to the pack directory and rebased on the way in and out. */
export function rebasePack(pack: RulePack, from: string, to: string): RulePack {
  // a pack has a dozen files and hundreds of positions: each file's new path is worked out once
  const moved = new Map<string, string>();
  const moveFile = (file: string) => moved.get(file) ?? moved.set(file, join(to, relative(from, file))).get(file)!;
  const move = <T extends { file: string }>(p: T): T => ({ ...p, file: moveFile(p.file) });
  return {
    ...pack,
    dir: to,
    facts: pack.facts.map((f) => ({ ...f, source: move(f.source) })),
    rules: pack.rules.map((r) => ({
      ...r,
      source: move(r.source),
      checkSource: move(r.checkSource),
      ...(r.appliesWhenSource && { appliesWhenSource: move(r.appliesWhenSource) }),
    })),
  };
}

/**
 * The snapshot's pack, placed at the files' directory, if it was built from exactly these files,
 * with its rules' checked reads keyed by the rule objects themselves (for `buildRuleSet`).
 */
export function freshSnapshot(snapshot: BuiltInSnapshot | undefined, files: PackFiles): (BuiltInSnapshot & { checked: Map<Rule, CheckedReads> }) | undefined {
  if (!snapshot || snapshot.hash !== hashPackFiles(files)) return undefined;
  const pack = rebasePack(snapshot.pack, '', files.dir);
  const checked = new Map(pack.rules.flatMap((rule) => (snapshot.reads[rule.id] ? [[rule, snapshot.reads[rule.id]!] as const] : [])));
  return { ...snapshot, pack, checked };
}
