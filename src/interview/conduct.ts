import type { Profile } from '../manifest/types.js';
import type { RuleSet } from '../rules/rule-set.js';
import { formatAnswer, type AnswerValue, type Answers } from './answers.js';
import { askQuestion } from './ask.js';
import { interviewPlanner, isAnswered, nextQuestion, type Question } from './plan.js';
import { answerLabel, progressLine, summaryText } from './present.js';
import type { Prompter } from './prompter.js';

export interface InterviewSetup {
  ruleSet: RuleSet;
  now: Date;
  /** Answers offered as defaults (from --from); the person confirms or changes each. */
  defaults: Answers;
  defaultProfile: Profile;
  /** The project name offered: the folder's name. */
  defaultName: string;
}

/** Called after every answer, with all answers so far: where the draft is saved. */
export type AnswerListener = (answers: Answers) => void;

/**
 * The whole interview: asks what is still unanswered, shows the answers to confirm, and lets
 * the person change any of them before they are written. Returns the answers to write, or
 * undefined when the person stops at the summary. Everything it shows and asks goes through
 * the prompter; an interruption (the prompter throwing) leaves the answers with the listener.
 */
export async function conductInterview(setup: InterviewSetup, start: Answers, prompter: Prompter, onAnswer: AnswerListener): Promise<Answers | undefined> {
  const planFor = interviewPlanner(setup.ruleSet, setup);
  let answers = start;
  let defaults = setup.defaults;
  for (;;) {
    answers = await askRemaining({ ...setup, defaults }, answers, prompter, onAnswer, planFor);
    const plan = planFor(answers);
    prompter.say(summaryText(plan, answers));
    const choice = await prompter.select({
      key: 'review',
      message: 'Write the manifest with these answers?',
      choices: [
        { value: 'write', name: 'Yes, write it' },
        { value: 'change', name: 'Change an answer first' },
        { value: 'stop', name: 'Stop here: keep the answers in the draft, write nothing' },
      ],
      default: 'write',
    });
    if (choice === 'write') return answers;
    if (choice === 'stop') return undefined;
    const key = await prompter.select({
      key: 'change',
      message: 'Which answer?',
      choices: plan.filter((q) => q.kind !== 'add-item' || q.index === 0).map((q) => changeChoice(q, answers)),
      default: 'project.profile',
    });
    // The old answer becomes the default, so Enter keeps it.
    defaults = { ...defaults, [key]: answers[key] as AnswerValue };
    answers = Object.fromEntries(Object.entries(answers).filter(([k]) => k !== key));
    onAnswer(answers);
  }
}

/** Asks, in plan order, every question the answers do not settle yet. */
export async function askRemaining(
  setup: InterviewSetup, start: Answers, prompter: Prompter, onAnswer: AnswerListener,
  planFor = interviewPlanner(setup.ruleSet, setup),
): Promise<Answers> {
  let answers = start;
  for (;;) {
    const next = nextQuestion(planFor(answers), answers);
    if (!next) return answers;
    prompter.say(progressLine(next.question, next.number, next.total));
    const given = await askQuestion(next.question, { ...setup, prompter });
    answers = { ...answers, ...given };
    onAnswer(answers);
  }
}

/** A list is changed by reopening it: its items stay, and more can be added. */
function changeChoice(question: Question, answers: Answers): { value: string; name: string } {
  if (question.kind === 'add-item') return { value: question.list, name: `${question.section}: ${question.list} (add more)` };
  const value = isAnswered(question, answers) ? formatAnswer(answers[question.key]) : '(not answered)';
  return { value: question.key, name: `${question.section}: ${answerLabel(question)} = ${value}` };
}
