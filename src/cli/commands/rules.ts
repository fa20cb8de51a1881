import { checkRuleExamples } from '../../engine/examples.js';
import { ReadinessError } from '../../errors.js';
import { categoryRank, categoryTitle } from '../../rules/categories.js';
import { loadRulePack } from '../../rules/load-pack.js';
import { loadBuiltInPack, loadRuleSet } from '../../rules/load-rule-set.js';
import { buildRuleSet } from '../../rules/rule-set.js';
import type { CliIo } from '../io.js';
import { compareText } from '../../compare.js';

export function runRulesList(flags: { format: string; rules?: string[] }, io: CliIo): number {
  if (flags.format !== 'text' && flags.format !== 'json') throw new ReadinessError('usage', `unknown format "${flags.format}"`, undefined, 'formats: text, json');
  const ruleSet = loadRuleSet(flags.rules ?? []);
  const rules = [...ruleSet.rules].sort((a, b) => categoryRank(a.category) - categoryRank(b.category) || compareText(a.id, b.id));
  if (flags.format === 'json') {
    const list = rules.map((r) => ({
      id: r.id, title: r.title, category: r.category, level: r.level, severity: r.severity, pack: r.pack,
      ...(r.forEach && { forEach: r.forEach }), references: r.references,
    }));
    io.stdout(`${JSON.stringify(list, null, 2)}\n`);
    return 0;
  }
  let category = '';
  for (const r of rules) {
    if (r.category !== category) {
      category = r.category;
      io.stdout(`\n${categoryTitle(category)}\n`);
    }
    io.stdout(`  ${r.id.padEnd(9)} L${r.level} ${r.severity.padEnd(8)} ${r.forEach ? '[each] ' : ''}${r.title}\n`);
  }
  io.stdout(`\n${rules.length} rules from ${ruleSet.packs.map((p) => `${p.name} ${p.version}`).join(', ')}\n`);
  return 0;
}

/**
 * `readiness rules validate <dir>`: loads the pack beside the built-in one (so clashes show),
 * then runs every rule of it against its own examples. Exit 2 if it does not load, 1 if an
 * example does not behave.
 */
export function runRulesValidate(dir: string, flags: { standalone?: boolean }, io: CliIo): number {
  const pack = loadRulePack(dir);
  const builtIn = flags.standalone ? undefined : loadBuiltInPack();
  // the built-in pack itself is validated alone, not beside a second copy of itself
  const ruleSet = buildRuleSet(builtIn && builtIn.name !== pack.name ? [builtIn, pack] : [pack]);
  const own = ruleSet.rules.filter((r) => r.pack === pack.name);
  const problems = checkRuleExamples(ruleSet, own);
  for (const p of problems) io.stderr(`readiness: ${p.where}: ${p.ruleId} example ${p.example}: ${p.message}\n`);
  const examples = own.reduce((n, r) => n + r.examples.pass.length + r.examples.fail.length, 0);
  io.stdout(`${pack.name} ${pack.version}: ${own.length} rules, ${pack.facts.length} facts, ${examples} examples: ` +
    (problems.length ? `${problems.length} example(s) failed\n` : 'all valid\n'));
  return problems.length ? 1 : 0;
}

