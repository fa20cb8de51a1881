import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshSnapshot } from './builtin-snapshot.js';
import { bundledSnapshot } from './bundled-snapshot.js';
import { loadRulePack, parseRulePack, readPackFiles } from './load-pack.js';
import { buildRuleSet, type RuleSet } from './rule-set.js';

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

/** The built-in pack plus any extra pack directories (`--rules`), checked as one set. */
export function loadRuleSet(extraPackDirs: readonly string[] = [], options: { builtIn?: boolean } = {}): RuleSet {
  if (options.builtIn === false) return buildRuleSet(extraPackDirs.map(loadRulePack));
  const files = readPackFiles(builtInRulesDir());
  const snapshot = freshSnapshot(bundledSnapshot(), files);
  const builtIn = snapshot?.pack ?? parseRulePack(files.dir, files.manifest, files.files);
  // What the build checked and compiled fits the built-in pack alone: other packs' facts change the
  // types its expressions are checked against and the manifest's schema.
  const alone = snapshot && extraPackDirs.length === 0 ? snapshot : undefined;
  const ruleSet = buildRuleSet([builtIn, ...extraPackDirs.map(loadRulePack)], alone?.checked);
  return alone ? { ...ruleSet, manifestValidator: alone.manifestValidator } : ruleSet;
}
