import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshSnapshot, placeSnapshot, stampsUnchanged, type PlacedSnapshot } from './builtin-snapshot.js';
import { bundledSnapshot } from './bundled-snapshot.js';
import { loadRulePack, parseRulePack, readPackFiles } from './load-pack.js';
import { buildRuleSet, type RuleSet } from './rule-set.js';
import type { RulePack } from './types.js';

/** The installation's root: the directory holding `rules/pack.yaml`, wherever this module was bundled. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'rules', 'pack.yaml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('the built-in rules/ directory is missing from this installation');
    dir = parent;
  }
}

/** The `rules/` directory shipped with readiness. */
export function builtInRulesDir(): string {
  return join(packageRoot(), 'rules');
}

/** The built-in pack: from the build's snapshot while the rule files are those it was made from. */
function readBuiltInPack(): { pack: RulePack; snapshot?: PlacedSnapshot } {
  const dir = builtInRulesDir();
  const bundled = bundledSnapshot();
  if (bundled && stampsUnchanged(bundled, dir)) {
    const snapshot = placeSnapshot(bundled, dir);
    return { pack: snapshot.pack, snapshot };
  }
  const files = readPackFiles(dir);
  const snapshot = freshSnapshot(bundled, files);
  return { pack: snapshot?.pack ?? parseRulePack(files.dir, files.manifest, files.files), snapshot };
}

export function loadBuiltInPack(): RulePack {
  return readBuiltInPack().pack;
}

/** The built-in pack plus any extra pack directories (`--rules`), checked as one set. */
export function loadRuleSet(extraPackDirs: readonly string[] = []): RuleSet {
  const { pack, snapshot } = readBuiltInPack();
  // What the build checked and compiled fits the built-in pack alone: other packs' facts change the
  // types its expressions are checked against and the manifest's schema.
  const alone = snapshot && extraPackDirs.length === 0 ? snapshot : undefined;
  const ruleSet = buildRuleSet([pack, ...extraPackDirs.map(loadRulePack)], alone?.checked);
  return alone ? { ...ruleSet, manifestValidator: alone.manifestValidator } : ruleSet;
}
