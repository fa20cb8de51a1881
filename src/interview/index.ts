/**
 * The interview as plain functions over plain data: a plan of questions derived from the fact
 * definitions and rules, asked through an injected prompter. The Inquirer prompter is not
 * exported here: it loads only inside `readiness interview`.
 */
export type { AnswerValue, Answers } from './answers.js';
export { parseAnswersFile, prefillFromManifest } from './answers-file.js';
export { askQuestion } from './ask.js';
export { conductInterview, askRemaining, type InterviewSetup, type AnswerListener } from './conduct.js';
export { draftPathFor, draftText, parseDraft, type Draft } from './draft.js';
export { manifestText } from './manifest-text.js';
export { planInterview, interviewPlanner, nextQuestion, isAnswered, type Question, type PlanOptions } from './plan.js';
export { defaultsPrompter, InterviewInterrupted, type Prompter, type Choice } from './prompter.js';
