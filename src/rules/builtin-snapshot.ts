import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import type { Validator } from '../source/schema-check.js';
import type { PackFiles } from './load-pack.js';
import type { RulePack } from './types.js';

/**
 * The built-in pack parsed at build time (`npm run build` writes dist/builtin/): parsing its YAML
 * is most of an audit's cost, and the pack only changes with a release. The snapshot is used only
 * while its hash matches the rule files on disk, so an edited rule is never served stale.
 */
export interface BuiltInSnapshot {
  hash: string;
  pack: RulePack;
  manifestValidator?: Validator;
}

export const SNAPSHOT_PACK = 'pack.json';
export const SNAPSHOT_VALIDATOR = 'manifest-validator.cjs';

export function hashPackFiles(files: PackFiles): string {
  const hash = createHash('sha256');
  for (const f of [files.manifest, ...files.files]) hash.update(relative(files.dir, f.file)).update('\0').update(f.text).update('\0');
  return hash.digest('hex');
}

/** Positions are stored relative to the pack directory and rebased on the way in and out. */
export function rebasePack(pack: RulePack, from: string, to: string): RulePack {
  const move = <T extends { file: string }>(p: T): T => ({ ...p, file: join(to, relative(from, p.file)) });
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

export function readBuiltInSnapshot(snapshotDir: string, files: PackFiles): BuiltInSnapshot | undefined {
  const packFile = join(snapshotDir, SNAPSHOT_PACK);
  if (!existsSync(packFile)) return undefined;
  const stored = JSON.parse(readFileSync(packFile, 'utf8')) as { hash: string; pack: RulePack };
  const hash = hashPackFiles(files);
  if (stored.hash !== hash) return undefined;
  const validatorFile = join(snapshotDir, SNAPSHOT_VALIDATOR);
  const manifestValidator = existsSync(validatorFile) ? (createRequire(validatorFile)(validatorFile) as Validator) : undefined;
  return { hash, pack: rebasePack(stored.pack, '', files.dir), ...(manifestValidator && { manifestValidator }) };
}
