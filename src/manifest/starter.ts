import type { RuleSet } from '../rules/rule-set.js';
import type { FactDefinition } from '../rules/types.js';
import { PROFILE_SUMMARIES, PROFILE_TARGETS } from '../scoring/model.js';
import { PROFILES, type Profile } from './types.js';

interface Tree {
  fact?: FactDefinition;
  children: Map<string, Tree>;
}

/**
 * A commented starter manifest for a profile: every fact that a rule within the profile's
 * target reads, left as `~` (unknown) with its question beside it, so nothing is guessed.
 */
export function starterManifest(ruleSet: RuleSet, profile: Profile, projectName: string): string {
  const target = PROFILE_TARGETS[profile];
  const needed = new Set<string>();
  for (const rule of ruleSet.rules.filter((r) => r.level <= target)) {
    for (const read of [...rule.compiledCheck.reads, ...(rule.compiledAppliesWhen?.reads ?? [])]) needed.add(read);
    if (rule.forEach) needed.add(rule.forEach);
  }
  const root: Tree = { children: new Map() };
  for (const fact of ruleSet.facts.values()) {
    // a list's item name goes with its list; everything else when some rule in scope reads it
    const path = fact.path.endsWith('[].name') ? fact.path.slice(0, -'[].name'.length) : fact.path;
    const include = path.startsWith('context.') || needed.has(path) || [...needed].some((n) => n.startsWith(`${path}.`) || n.startsWith(`${path}[]`));
    if (!include) continue;
    let node = root;
    for (const segment of fact.path.replace(/\[\]/g, '.[]').split('.')) {
      let next = node.children.get(segment);
      if (!next) node.children.set(segment, (next = { children: new Map() }));
      node = next;
    }
    node.fact = fact;
  }
  const lines = [
    '# readiness manifest: what this project declares about itself.',
    '# Replace each ~ with the true answer; leave ~ where you do not know yet: the rules that need',
    '# it stay "unknown", which never counts as passed. `readiness explain <rule-id>` tells why a',
    '# rule matters; `readiness schema` gives editors completion for this file.',
    'version: 1',
    'project:',
    `  name: ${JSON.stringify(projectName)}`,
    `  profile: ${profile}   # ${PROFILES.join(' | ')}; ${profile}: ${PROFILE_SUMMARIES[profile]}`,
    '  # owner: team-name',
    '  # description: what it does, in a sentence',
  ];
  for (const [key, node] of sortSections(root.children)) lines.push(...emit(key, node, 0));
  lines.push(
    '# waivers:            # accepted risks, each with an expiry at most a year ahead',
    '#   - rule: RES-002',
    '#     item: legacy-crm',
    '#     reason: vendor SDK has no timeout option; replacement planned',
    '#     owner: team-name',
    '#     expires: 2027-03-31',
  );
  return lines.join('\n') + '\n';
}

function sortSections(children: Map<string, Tree>): [string, Tree][] {
  const order = ['context', 'dependencies', 'datastores'];
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  return [...children].sort(([a], [b]) => rank(a) - rank(b));
}

function emit(key: string, node: Tree, depth: number): string[] {
  const indent = '  '.repeat(depth);
  const fact = node.fact;
  if (fact?.type === 'list') {
    const fields = [...(node.children.get('[]')?.children ?? new Map<string, Tree>())];
    const itemLines = fields.flatMap(([field, child]) => emit(field, child, 0));
    return [
      `${indent}# ${fact.question}`,
      `${indent}${key}: ~   # a list; [] when there are none`,
      `${indent}#  - ${itemLines[0] ?? ''}`,
      ...itemLines.slice(1).map((l) => `${indent}#    ${l}`),
    ];
  }
  if (fact) {
    const hint = fact.type === 'enum' ? `one of: ${fact.choices!.join(', ')}` :
      fact.type === 'set' ? `a list of: ${fact.choices!.join(', ')}` :
      fact.type === 'date' ? 'YYYY-MM-DD' : fact.type === 'boolean' ? 'true | false' :
      fact.unit ? `${fact.type} (${fact.unit})` : fact.type;
    const value = key === 'name' ? '"name"' : '~';
    return [`${indent}${key}: ${value}   # ${fact.question} (${hint})`];
  }
  return [`${indent}${key}:`, ...[...node.children].flatMap(([k, child]) => emit(k, child, depth + 1))];
}
