import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRulePack } from './load-pack.js';
import { buildRuleSet, type RuleSet } from './rule-set.js';

/** The `rules/` directory shipped with readiness, found from wherever this module was bundled. */
export function builtInRulesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'rules', 'pack.yaml'))) return join(dir, 'rules');
    const parent = dirname(dir);
    if (parent === dir) throw new Error('the built-in rules/ directory is missing from this installation');
    dir = parent;
  }
}

/** The built-in pack plus any extra pack directories (`--rules`), checked as one set. */
export function loadRuleSet(extraPackDirs: readonly string[] = [], options: { builtIn?: boolean } = {}): RuleSet {
  const dirs = [...(options.builtIn === false ? [] : [builtInRulesDir()]), ...extraPackDirs];
  return buildRuleSet(dirs.map(loadRulePack));
}
