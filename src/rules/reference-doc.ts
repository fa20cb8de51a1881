import { CATEGORIES } from './categories.js';
import { LEVEL_NAMES } from './levels.js';
import type { RuleSet } from './rule-set.js';
import { compareText } from '../compare.js';


/**
 * docs/rules.md: the reference of every rule, generated from the packs (`npm run docs:rules`)
 * so that it cannot drift from what the audit runs; a test fails when it is stale.
 */
export function renderRulesReference(ruleSet: RuleSet): string {
  const out: string[] = [
    '# Rule reference',
    '',
    '<!-- Generated from rules/*.yaml by `npm run docs:rules`; do not edit by hand. -->',
    '',
    `${ruleSet.rules.length} rules from ${ruleSet.packs.map((p) => `${p.name} ${p.version}`).join(', ')}. ` +
      'A rule is required from its level up: 1 Foundations (prototype), 2 Repeatable (internal), ' +
      '3 Production-ready (production), 4 Mission-critical (critical). `[each …]` rules are evaluated ' +
      'once per item of the list.',
    '',
    '| category | rules | level 1 | level 2 | level 3 | level 4 |',
    '|---|---|---|---|---|---|',
  ];
  for (const category of CATEGORIES) {
    const rules = ruleSet.rules.filter((r) => r.category === category.id);
    out.push(`| [${category.title}](#${anchor(category.title)}) | ${rules.length} | ${[1, 2, 3, 4].map((l) => rules.filter((r) => r.level === l).length).join(' | ')} |`);
  }
  for (const category of CATEGORIES) {
    const rules = ruleSet.rules.filter((r) => r.category === category.id).sort((a, b) => compareText(a.id, b.id));
    out.push('', `## ${category.title}`, '');
    for (const rule of rules) {
      out.push(
        `### ${rule.id}: ${rule.title}`,
        '',
        `Level ${rule.level} ${LEVEL_NAMES[rule.level]} · severity ${rule.severity}` +
          (rule.forEach ? ` · [each ${rule.forEach}]` : '') +
          (rule.appliesWhen ? ` · applies when \`${oneLine(rule.appliesWhen)}\`` : ''),
        '',
        `Check: \`${oneLine(rule.check)}\``,
        '',
        ...(rule.levelReason ? [`**Why this level.** ${oneLine(rule.levelReason)}`, ''] : []),
        `**Why it matters.** ${oneLine(rule.rationale)}`,
        '',
        `**How to fix it.** ${oneLine(rule.remediation)}`,
        '',
        '**References.** ' + rule.references.map((r) => `[${r.id ? `${r.id} ` : ''}${r.title}](${r.url})`).join('; '),
        '',
      );
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function anchor(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-');
}
