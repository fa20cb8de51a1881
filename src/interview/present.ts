import type { CompiledRule } from '../rules/rule-set.js';
import type { FactDefinition } from '../rules/types.js';
import { formatAnswer, itemNames, type Answers } from './answers.js';
import type { Question } from './plan.js';

/** The words the interview shows: pure functions from questions and answers to text. */

const WIDTH = 78;
const WHY_SHOWN = 3;

/** Where the person is: the section, and question n of m. */
export function progressLine(question: Question, number: number, total: number): string {
  return `\n${question.section} · question ${number} of ${total}`;
}

/**
 * Why the question is asked: the first rule its answer feeds in full, the others by id, so
 * the reason stays a line or two however many rules read the fact.
 */
export function whyLines(rules: readonly CompiledRule[]): string[] {
  const [first, ...others] = rules;
  if (!first) return [];
  const named = others.slice(0, WHY_SHOWN - 1).map((r) => r.id);
  const rest = others.length - named.length;
  const also = named.length ? `; also ${named.join(', ')}${rest > 0 ? ` and ${rest} more` : ''}` : '';
  return wrap(`Why: ${first.id} ${first.title} (level ${first.level}, ${first.severity})${also}`, '  ', '       ').split('\n');
}

export const INPUT_HINT = '  Enter keeps the default · ~ for don\'t know · ? for help';

/** The prompt's own line: the fact's question, its unit, and the item it is about. */
export function promptMessage(question: Question): string {
  if (question.kind !== 'fact') return '';
  const unit = question.fact.unit ? ` (${question.fact.unit})` : '';
  return `${question.item ? `${question.item.name}: ` : ''}${question.fact.question}${unit}`;
}

/** What "Help" shows: the fact's own help, then why the first rule it feeds matters. */
export function helpText(fact: FactDefinition | undefined, rules: readonly CompiledRule[]): string {
  const parts: string[] = [];
  if (fact?.help) parts.push(wrap(fact.help));
  const rule = rules[0];
  if (rule) {
    parts.push(wrap(`Why ${rule.id} matters: ${rule.rationale}`));
    parts.push(`  More: readiness explain ${rule.id}`);
  }
  return parts.length ? parts.join('\n') : '  No further help for this question.';
}

/**
 * What a choice means, when the fact's help explains its choices the usual way
 * (`kubernetes: any Kubernetes distribution; containers: ECS, Nomad…`).
 */
export function choiceHelp(fact: FactDefinition, choice: string): string | undefined {
  if (!fact.help || !fact.choices) return undefined;
  const names = fact.choices.map(escapeRegExp).join('|');
  const pattern = new RegExp(`(?:^|[;.]\\s+)${escapeRegExp(choice)}:\\s+(.+?)(?=[;.]\\s+(?:${names}):|\\.?\\s*$)`, 's');
  return fact.help.replace(/\s+/g, ' ').match(pattern)?.[1];
}

/** The answers to confirm before the manifest is written, section by section. */
export function summaryText(plan: readonly Question[], answers: Answers): string {
  const lines = ['', 'Your answers:'];
  let section = '';
  for (const question of plan) {
    const line = summaryLine(question, answers);
    if (line === undefined) continue;
    const heading = question.section.replace(/ \(\d+ of \d+\)$/, '');
    if (heading !== section) lines.push(`  ${(section = heading)}`);
    lines.push(`    ${line}`);
  }
  return lines.join('\n');
}

function summaryLine(question: Question, answers: Answers): string | undefined {
  switch (question.kind) {
    case 'profile': return `profile: ${formatAnswer(answers[question.key])}`;
    case 'name': return `name: ${formatAnswer(answers[question.key])}`;
    case 'add-item': {
      if (question.index > 0) return undefined;
      const names = itemNames(answers, question.list);
      return `${question.list.split('.').at(-1)}: ${answers[question.list] === null && names.length === 0 ? "don't know" : names.length ? names.join(', ') : 'none'}`;
    }
    case 'fact': return `${answerLabel(question)}: ${formatAnswer(answers[question.key])}`;
  }
}

/** The key without what the section already says: `logs.format` under Observability. */
export function answerLabel(question: Question): string {
  if (question.kind === 'fact' && question.item) return question.key.slice(question.key.indexOf('].') + 2);
  return question.key.includes('.') ? question.key.slice(question.key.indexOf('.') + 1) : question.key;
}

/** "dependencies" → "dependency", "large_tables" → "large table", "slos" → "SLO". */
export function singularOf(title: string): string {
  const word = /^[A-Z][a-z]/.test(title) ? title.charAt(0).toLowerCase() + title.slice(1) : title;
  return word.endsWith('ies') ? `${word.slice(0, -3)}y` : word.replace(/s$/, '');
}

export function wrap(text: string, indent = '  ', hanging = indent): string {
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line && (lines.length ? hanging : indent).length + line.length + 1 + word.length > WIDTH) {
      lines.push((lines.length ? hanging : indent) + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push((lines.length ? hanging : indent) + line);
  return lines.join('\n');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
