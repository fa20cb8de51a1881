import type { RuleSet } from '../rules/rule-set.js';
import type { FactDefinition } from '../rules/types.js';
import { PROFILE_SUMMARIES, PROFILE_TARGETS } from '../scoring/model.js';
import { PROFILES, type Profile } from './types.js';

interface Tree {
  fact?: FactDefinition;
  children: Map<string, Tree>;
}

/** What a draft knows before the interview: values with the comment that backs them, notes on lists. */
export interface ManifestPrefill {
  /** Replaces the opening comment. */
  header?: string[];
  /** Section facts by path, each written with the comment above it. */
  values?: ReadonlyMap<string, { value: unknown; comment: string }>;
  /** Comment lines under a list, by the list's path: evidence about its items in general. */
  listNotes?: ReadonlyMap<string, string[]>;
  /** Comment lines before the waivers example. */
  trailer?: string[];
}

const STARTER_HEADER = [
  '# readiness manifest: what this project declares about itself.',
  '# Replace each ~ with the true answer; leave ~ where you do not know yet: the rules that need',
  '# it stay "unknown", which never counts as passed. `readiness explain <rule-id>` tells why a',
  '# rule matters; `readiness schema` gives editors completion for this file.',
];

/**
 * A commented starter manifest for a profile: every fact that a rule within the profile's
 * target reads, left as `~` (unknown) with its question beside it, so nothing is guessed.
 */
export function starterManifest(ruleSet: RuleSet, profile: Profile, projectName: string): string {
  return manifestTemplate(ruleSet, profile, projectName, {});
}

/** The starter manifest, with whatever is already known filled in (what `readiness scan` drafts). */
export function manifestTemplate(ruleSet: RuleSet, profile: Profile, projectName: string, prefill: ManifestPrefill): string {
  const values = prefill.values ?? new Map<string, { value: unknown; comment: string }>();
  const listNotes = prefill.listNotes ?? new Map<string, string[]>();
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
    const include = path.startsWith('context.') || needed.has(path) || [...needed].some((n) => n.startsWith(`${path}.`) || n.startsWith(`${path}[]`)) ||
      values.has(path) || listNotes.has(path);
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
    ...(prefill.header ?? STARTER_HEADER),
    'version: 1',
    'project:',
    `  name: ${JSON.stringify(projectName)}`,
    `  profile: ${profile}   # ${PROFILES.join(' | ')}; ${profile}: ${PROFILE_SUMMARIES[profile]}`,
    '  # owner: team-name',
    '  # description: what it does, in a sentence',
  ];
  for (const [key, node] of sortSections(root.children)) lines.push(...emit(key, node, 0, { values, listNotes }));
  lines.push(
    ...(prefill.trailer ?? []),
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

interface Known {
  values: ReadonlyMap<string, { value: unknown; comment: string }>;
  listNotes: ReadonlyMap<string, string[]>;
}

function emit(key: string, node: Tree, depth: number, known: Known): string[] {
  const indent = '  '.repeat(depth);
  const fact = node.fact;
  if (fact?.type === 'list') {
    const fields = [...(node.children.get('[]')?.children ?? new Map<string, Tree>())];
    const itemLines = fields.flatMap(([field, child]) => emit(field, child, 0, known));
    return [
      `${indent}# ${fact.question}`,
      `${indent}${key}: ~   # a list; [] when there are none`,
      `${indent}#  - ${itemLines[0] ?? ''}`,
      ...itemLines.slice(1).map((l) => `${indent}#    ${l}`),
      ...(known.listNotes.get(fact.path) ?? []).map((note) => `${indent}# ${note}`),
    ];
  }
  if (fact) {
    const hint = fact.type === 'enum' ? `one of: ${fact.choices!.join(', ')}` :
      fact.type === 'set' ? `a list of: ${fact.choices!.join(', ')}` :
      fact.type === 'date' ? 'YYYY-MM-DD' : fact.type === 'boolean' ? 'true | false' :
      fact.unit ? `${fact.type} (${fact.unit})` : fact.type;
    const found = known.values.get(fact.path);
    if (found) return [`${indent}# ${found.comment}`, `${indent}${key}: ${yamlScalar(found.value)}   # ${fact.question} (${hint})`];
    const value = key === 'name' ? '"name"' : '~';
    return [`${indent}${key}: ${value}   # ${fact.question} (${hint})`];
  }
  return [`${indent}${key}:`, ...[...node.children].flatMap(([k, child]) => emit(k, child, depth + 1, known))];
}

/** A plain word stays plain; anything YAML could read as another type or syntax is quoted. */
function yamlScalar(value: unknown): string {
  if (typeof value !== 'string') return String(value);
  return /^[A-Za-z][\w-]*$/.test(value) && !/^(true|false|yes|no|on|off|null|y|n)$/i.test(value) ? value : JSON.stringify(value);
}
