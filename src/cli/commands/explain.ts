import { ReadinessError } from '../../errors.js';
import { categoryTitle } from '../../rules/categories.js';
import { loadRuleSet } from '../../rules/load-rule-set.js';
import { LEVEL_NAMES, SEVERITY_WEIGHTS } from '../../scoring/model.js';
import { suggest } from '../../source/schema-check.js';
import type { CliIo } from '../io.js';

/** `readiness explain <rule-id>`: everything a rule knows, for the person about to fix it. */
export function runExplain(id: string, flags: { rules?: string[] }, io: CliIo): number {
  const ruleSet = loadRuleSet(flags.rules ?? []);
  const rule = ruleSet.rules.find((r) => r.id.toLowerCase() === id.toLowerCase());
  if (!rule) {
    const guess = suggest(id.toUpperCase(), ruleSet.rules.map((r) => r.id));
    throw new ReadinessError('usage', `no rule "${id}"${guess ? `; did you mean ${guess}?` : ''}`, undefined, 'readiness rules list shows them all');
  }
  const reads = [...new Set([...rule.compiledCheck.reads, ...(rule.compiledAppliesWhen?.reads ?? [])])];
  const facts = reads.map((path) => ruleSet.facts.get(path)).filter((f) => f !== undefined);
  const lines = [
    `${rule.id}  ${rule.title}`,
    '',
    `Category:  ${categoryTitle(rule.category)}`,
    `Level:     ${rule.level} ${LEVEL_NAMES[rule.level]} (required from this level up)`,
    `Severity:  ${rule.severity} (weight ${SEVERITY_WEIGHTS[rule.severity]})`,
    ...(rule.forEach ? [`For each:  item of ${rule.forEach}`] : []),
    ...(rule.appliesWhen ? [`Applies:   when ${rule.appliesWhen}`] : []),
    `Check:     ${rule.check}`,
    `Pack:      ${rule.pack}`,
    '',
    ...(rule.levelReason ? ['Why this level', indent(rule.levelReason), ''] : []),
    'Why it matters', indent(rule.rationale), '',
    'How to fix it', indent(rule.remediation), '',
    'Facts it reads',
    ...facts.map((f) => `  ${f.path} (${f.type}${f.choices ? `: ${f.choices.join(', ')}` : ''}): ${f.question}`),
    '',
    'References',
    ...rule.references.map((r) => `  ${r.id ? `${r.id} ` : ''}${r.title}\n    ${r.url}`),
  ];
  io.stdout(`${lines.join('\n')}\n`);
  return 0;
}

function indent(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/(.{1,94})(\s|$)/g, '  $1\n').trimEnd();
}
