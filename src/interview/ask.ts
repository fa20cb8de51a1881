import { parseDate } from '../dates.js';
import { PROFILES, type Profile } from '../manifest/types.js';
import type { FactDefinition } from '../rules/types.js';
import { LEVEL_NAMES, PROFILE_SUMMARIES, PROFILE_TARGETS } from '../scoring/model.js';
import { itemKey, type AnswerValue, type Answers } from './answers.js';
import { listTitle, type Question } from './plan.js';
import { choiceHelp, helpText, INPUT_HINT, promptMessage, singularOf, whyLines } from './present.js';
import type { Choice, Prompter } from './prompter.js';

export interface AskContext {
  prompter: Prompter;
  /** Answers offered as defaults (from --from, or an answer being changed); never assumed. */
  defaults: Answers;
  defaultProfile: Profile;
  defaultName: string;
}

// `~` and `?` cannot clash with a fact's own choices (which are identifiers), and they mean
// the same as typed into a text prompt: "don't know" as the manifest writes it, and help.
const UNKNOWN = '~';
const HELP = '?';
const DONT_KNOW_CHOICE: Choice = { value: UNKNOWN, name: "Don't know" };
const HELP_CHOICE: Choice = { value: HELP, name: 'Help: what this means and why it matters', short: 'help' };

/** Asks one question and returns the answers it gives (usually one; a list's step may add an item). */
export async function askQuestion(question: Question, context: AskContext): Promise<Record<string, AnswerValue>> {
  const { prompter } = context;
  switch (question.kind) {
    case 'profile': {
      prompter.say(PROFILES.map((p) => `  ${p.padEnd(11)}${profileLine(p)}`).join('\n'));
      const profile = await prompter.select({
        key: question.key,
        message: 'Which profile fits the project? It sets the level the project must reach',
        choices: PROFILES.map((p) => ({ value: p, name: p, description: PROFILE_SUMMARIES[p] })),
        default: (context.defaults[question.key] as string | undefined) ?? context.defaultProfile,
      });
      return { [question.key]: profile };
    }
    case 'name': {
      prompter.say('  Why: every report and finding carries it');
      for (;;) {
        const name = (await prompter.input({
          key: question.key,
          message: 'Project name',
          default: (context.defaults[question.key] as string | undefined) ?? context.defaultName,
          validate: (text) => (text.trim() ? true : 'the manifest needs a name: reports carry it'),
        })).trim();
        if (name !== HELP) return { [question.key]: name };
        prompter.say("  The project's or service's name, as reports and findings show it. Enter keeps the folder's name.");
      }
    }
    case 'add-item':
      return askListStep(question, context);
    case 'fact':
      return { [question.key]: await askFact(question, context) };
  }
}

async function askListStep(question: Extract<Question, { kind: 'add-item' }>, context: AskContext): Promise<Record<string, AnswerValue>> {
  const { prompter, defaults } = context;
  const { list, index, listed, fact } = question;
  const singular = singularOf(listTitle(list));
  const offered = defaults[list];
  const first = index === 0;
  const choices: Choice[] = [
    { value: 'add', name: first ? `Add a ${singular}` : `Add another ${singular}` },
    { value: 'done', name: first ? 'None' : `No more (${index} listed)` },
    ...(first ? [DONT_KNOW_CHOICE] : []),
    HELP_CHOICE,
  ];
  const byDefault = !first || offered === 0 ? 'done' : UNKNOWN;
  prompter.say(whyLines(question.rules).join('\n'));
  for (;;) {
    if (listed.length > 0) prompter.say(`  Listed so far: ${listed.join(', ')}`);
    const step = await prompter.select({ key: question.key, message: fact.question, choices, default: byDefault });
    if (step === HELP) {
      prompter.say(helpText(fact, question.rules));
      continue;
    }
    if (step === UNKNOWN) return { [list]: null };
    if (step === 'done') return { [list]: index };
    const stem = singular.toLowerCase().replace(/\s+/g, '-');
    let n = index + 1;
    while (listed.includes(`${stem}-${n}`)) n++;
    const name = await prompter.input({
      key: itemKey(list, index, 'name'),
      message: `Name of the ${singular}`,
      default: `${stem}-${n}`,
      validate: (text) => (!text.trim() ? 'findings name the item: give it a name' :
        listed.includes(text.trim()) ? `${text.trim()} is already listed` : true),
    });
    return { [itemKey(list, index, 'name')]: name.trim() };
  }
}

async function askFact(question: Extract<Question, { kind: 'fact' }>, context: AskContext): Promise<AnswerValue> {
  const { prompter } = context;
  const { fact, key } = question;
  const offered = context.defaults[key];
  const message = promptMessage(question);
  const help = () => prompter.say(helpText(fact, question.rules));
  prompter.say(whyLines(question.rules).join('\n'));
  for (;;) {
    if (fact.type === 'boolean' || fact.type === 'enum') {
      const own: Choice[] = fact.type === 'boolean'
        ? [{ value: 'true', name: 'Yes' }, { value: 'false', name: 'No' }]
        : fact.choices!.map((c) => ({ value: c, name: c, ...withDescription(choiceHelp(fact, c)) }));
      const picked = await prompter.select({
        key, message, choices: [...own, DONT_KNOW_CHOICE, HELP_CHOICE],
        default: offered === undefined || offered === null ? UNKNOWN : String(offered),
      });
      if (picked === HELP) { help(); continue; }
      if (picked === UNKNOWN) return null;
      return fact.type === 'boolean' ? picked === 'true' : picked;
    }
    if (fact.type === 'set') {
      const current = Array.isArray(offered) ? offered : [];
      const picked = await prompter.select({
        key, message,
        choices: [{ value: 'pick', name: 'Pick from the list…' }, { value: 'none', name: 'None of them' }, DONT_KNOW_CHOICE, HELP_CHOICE],
        default: offered === undefined || offered === null ? UNKNOWN : current.length ? 'pick' : 'none',
      });
      if (picked === HELP) { help(); continue; }
      if (picked === UNKNOWN) return null;
      if (picked === 'none') return [];
      const choices = fact.choices!.map((c) => ({ value: c, name: c, ...withDescription(choiceHelp(fact, c)) }));
      return prompter.checkbox({ key, message: `${message} (space to tick, Enter when done)`, choices, checked: current });
    }
    prompter.say(INPUT_HINT);
    const text = (await prompter.input({
      key, message,
      default: offered === undefined || offered === null ? UNKNOWN : String(offered),
      validate: (t) => checkText(fact, t.trim()),
    })).trim();
    if (text === HELP) { help(); continue; }
    return parseText(fact, text);
  }
}

/** Whether typed text answers a fact: `~` (don't know) and `?` (help) always do. */
export function checkText(fact: FactDefinition, text: string): true | string {
  if (text === UNKNOWN || text === HELP) return true;
  if (!text) return 'type an answer, ~ for don\'t know, or ? for help';
  const range = fact.minimum !== undefined && fact.maximum !== undefined ? ` from ${fact.minimum} to ${fact.maximum}` :
    fact.minimum !== undefined ? ` of at least ${fact.minimum}` : fact.maximum !== undefined ? ` of at most ${fact.maximum}` : '';
  const inRange = (n: number) => (fact.minimum === undefined || n >= fact.minimum) && (fact.maximum === undefined || n <= fact.maximum);
  switch (fact.type) {
    case 'integer': return /^-?\d+$/.test(text) && inRange(Number(text)) ? true : `a whole number${range}, please (or ~)`;
    case 'number': return text !== '' && Number.isFinite(Number(text)) && inRange(Number(text)) ? true : `a number${range}, please (or ~)`;
    case 'date': return parseDate(text) ? true : 'a date as YYYY-MM-DD, please (or ~)';
    default: return true;
  }
}

function parseText(fact: FactDefinition, text: string): AnswerValue {
  if (text === UNKNOWN) return null;
  return fact.type === 'integer' || fact.type === 'number' ? Number(text) : text;
}

/** "level 2 Repeatable: a tool for colleagues, …": the summary without its trailing level, to fit a line. */
function profileLine(profile: Profile): string {
  const target = PROFILE_TARGETS[profile];
  return `level ${target} ${LEVEL_NAMES[target]}: ${PROFILE_SUMMARIES[profile].split(': needs ')[0]}`;
}

function withDescription(description: string | undefined): { description?: string } {
  return description ? { description } : {};
}
