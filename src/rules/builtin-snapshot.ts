import { statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { requireWhenUsed } from '../require-when-used.js';
import type { Validator } from '../source/schema-check.js';
import { packFileNames, type PackFiles } from './load-pack.js';
import type { CheckedReads } from './rule-set.js';
import type { Rule, RulePack } from './types.js';

/**
 * The built-in pack parsed at build time and embedded in the bundles (scripts/build.mjs
 * replaces `bundled-snapshot.ts`): parsing its YAML and compiling the manifest's schema would be
 * most of an audit's cost, and the pack only changes with a release. A snapshot is used only
 * while the rule files on disk are those it was made from, so an edited rule is never served stale.
 */
export interface BuiltInSnapshot {
  hash: string;
  /** The files as the build found them on disk. */
  stamps: FileStamp[];
  /** Positions relative to the pack directory. */
  pack: RulePack;
  /** ajv standalone code validating a manifest against exactly this pack's facts. */
  manifestValidator: Validator;
  /** What type-checking each rule's expressions found, by rule id: they need not be checked again. */
  reads: Record<string, CheckedReads>;
}

/** A pack file's name, size and modification time. */
export interface FileStamp {
  name: string;
  size: number;
  mtimeMs: number;
}

/** The stamps of a pack directory's files, in name order. */
export function stampPackFiles(dir: string): FileStamp[] {
  return packFileNames(dir).map((name) => {
    const { size, mtimeMs } = statSync(join(dir, name));
    return { name, size, mtimeMs };
  });
}

/**
 * Whether the pack's files are, by their stamps, those the snapshot was made from. As git does
 * with its index: a file of the same size and modification time is taken as unchanged without
 * reading it, which saves reading 370 KB and checksumming them at every start. Any other stamp
 * (a fresh install from a tarball has other times) leads to comparing the texts' checksum.
 */
export function stampsUnchanged(snapshot: BuiltInSnapshot, dir: string): boolean {
  const now = stampPackFiles(dir);
  return now.length === snapshot.stamps.length &&
    now.every((s, i) => s.name === snapshot.stamps[i]!.name && s.size === snapshot.stamps[i]!.size && s.mtimeMs === snapshot.stamps[i]!.mtimeMs);
}

/**
 * What the snapshot was made from: each file's name and text. A CRC-32 rather than a
 * cryptographic hash, because it only has to notice an edit and loading node:crypto took longer
 * than the rest of the check.
 */
export function hashPackFiles(files: PackFiles): string {
  // while the stamps match, an audit never needs zlib (1.4 ms to load)
  const { crc32 } = requireWhenUsed('node:zlib') as typeof import('node:zlib');
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

export type PlacedSnapshot = BuiltInSnapshot & { checked: Map<Rule, CheckedReads> };

/**
 * The snapshot's pack placed at the pack's directory, with its rules' checked reads keyed by the
 * rule objects themselves (for `buildRuleSet`).
 */
export function placeSnapshot(snapshot: BuiltInSnapshot, dir: string): PlacedSnapshot {
  const pack = rebasePack(snapshot.pack, '', dir);
  const checked = new Map(pack.rules.flatMap((rule) => (snapshot.reads[rule.id] ? [[rule, snapshot.reads[rule.id]!] as const] : [])));
  return { ...snapshot, pack, checked };
}

/** The snapshot placed at the files' directory, if it was made from exactly these files. */
export function freshSnapshot(snapshot: BuiltInSnapshot | undefined, files: PackFiles): PlacedSnapshot | undefined {
  return snapshot && snapshot.hash === hashPackFiles(files) ? placeSnapshot(snapshot, files.dir) : undefined;
}
