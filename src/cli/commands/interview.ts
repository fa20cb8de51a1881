import { existsSync, rmSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { auditManifest } from '../../audit.js';
import { ReadinessError } from '../../errors.js';
import type { Answers } from '../../interview/answers.js';
import { parseAnswersFile, prefillFromManifest } from '../../interview/answers-file.js';
import { conductInterview, type InterviewSetup } from '../../interview/conduct.js';
import { draftFrom, draftPathFor, draftText, parseDraft } from '../../interview/draft.js';
import { manifestText } from '../../interview/manifest-text.js';
import { defaultsPrompter, InterviewInterrupted, type Prompter } from '../../interview/prompter.js';
import { manifestExtends, parseManifest, parseManifestText, readManifestText, validateManifest } from '../../manifest/load-manifest.js';
import type { Profile } from '../../manifest/types.js';
import { renderReport } from '../../report/index.js';
import { loadRuleSet } from '../../rules/load-rule-set.js';
import { NothingInScopeError } from '../../scoring/score.js';
import { checkNewFile, readTextFile, useColor, writeFileSafely, type CliIo } from '../io.js';
import { EXIT } from '../exit.js';

export interface InterviewFlags {
  /** The manifest to write (default readiness.yaml). */
  output: string;
  /** A manifest whose answers are offered as defaults, and whose comments are kept. */
  from?: string;
  /** Continue the interrupted interview from its draft. */
  resume?: boolean;
  /** A YAML or JSON file of answers by fact path: no terminal needed, nothing asked. */
  answers?: string;
  /** Replace an existing manifest without asking. */
  force?: boolean;
  /** The profile, given: the profile question is not asked. */
  profile?: Profile;
  rules?: string[];
  /** The audit's date (default: today). */
  date?: Date;
}

/**
 * `readiness interview`: asks what the rules in scope need, writes the manifest atomically and
 * prints its report. Returns the exit code: 0 done (or stopped by choice, the draft kept), 2
 * without a terminal, 130 interrupted (the answers so far kept in the draft). `prompter` is for
 * tests; by default Inquirer is loaded here and only here.
 */
export async function runInterview(flags: InterviewFlags, io: CliIo, prompter?: Prompter): Promise<number> {
  if (!flags.answers && !(io.stdinIsTTY && io.stdoutIsTTY)) {
    io.stderr('readiness: the interview needs a terminal; in scripts and CI pass --answers <file>, or start from `readiness init`\n');
    return 2;
  }
  if (flags.resume && flags.answers) {
    throw new ReadinessError('usage', '--resume and --answers do not go together', undefined, 'an answers file runs the whole interview at once');
  }
  const now = flags.date ?? new Date();
  const output = flags.output;
  const target = resolve(io.cwd, output);
  const draftPath = draftPathFor(output);
  const draftFile = resolve(io.cwd, draftPath);

  // The manifest started from is read first: the packs it `extends` are part of the rule set, as
  // they are for `readiness audit`.
  const draftSource = flags.resume ? readDraftText(draftPath, draftFile) : undefined;
  const from = flags.from ?? (draftSource !== undefined ? draftFrom(draftSource, draftPath) : undefined);
  const started = from !== undefined ? readStartingManifest(from, io.cwd) : undefined;
  const original = started?.text;
  const ruleSet = loadRuleSet([...(flags.rules ?? []), ...(started?.packs ?? [])]);
  const draft = draftSource !== undefined ? parseDraft(draftSource, draftPath, ruleSet.facts) : undefined;
  const prefill = started
    ? prefillFromManifest(validateManifest(started.parsed, ruleSet, { now }), ruleSet.facts)
    : { defaults: {}, itemNames: {} };
  const fileAnswers = flags.answers ? parseAnswersFile(readTextFile(flags.answers, io.cwd, 'answers'), flags.answers, ruleSet.facts) : {};
  const start: Answers = {
    ...(draft?.answers ?? { ...prefill.itemNames, ...fileAnswers }),
    ...(flags.profile && { 'project.profile': flags.profile }),
  };
  if (flags.answers) checkNewFile(output, io.cwd, { replace: flags.force, hint: 'pass --force to replace it, or name another file with --output' });

  const ask = prompter ?? (flags.answers ? defaultsPrompter() : (await import('../../interview/inquirer-prompter.js')).inquirerPrompter());
  const setup: InterviewSetup = {
    ruleSet,
    now,
    defaults: prefill.defaults,
    defaultProfile: flags.profile ?? (prefill.defaults['project.profile'] as Profile | undefined) ?? 'production',
    defaultName: basename(dirname(target)),
  };
  if (!flags.answers) ask.say(introduction(output, draft ? Object.keys(draft.answers).length : undefined, existsSync(draftFile) && !draft, existsSync(target)));

  let saved = start;
  const saveDraft = (answers: Answers) => {
    saved = answers;
    // A script's answers are in its file already: only a person's answers need a draft.
    if (!flags.answers) writeFileSafely(draftPath, draftText({ ...(from !== undefined && { from }), answers }), io.cwd);
  };
  let text: string;
  try {
    const answers = await conductInterview(setup, start, ask, saveDraft);
    if (answers === undefined) {
      io.stderr(`readiness: nothing written; your answers are kept in ${draftPath}: ${resumeCommand(output)} continues\n`);
      return 0;
    }
    text = manifestText(answers, ruleSet, original);
    if (existsSync(target) && !flags.force) {
      const updatingIt = from !== undefined && resolve(io.cwd, from) === target;
      const replace = await ask.confirm({ key: 'overwrite', message: `${output} exists. Replace it?`, default: updatingIt });
      if (!replace) {
        io.stderr(`readiness: ${output} left as it was; your answers are kept in ${draftPath}\n`);
        return 0;
      }
    }
  } catch (error) {
    if (!(error instanceof InterviewInterrupted)) throw error;
    const count = Object.keys(saved).length;
    io.stderr(count > 0 && !flags.answers
      ? `readiness: interrupted; ${count} answers kept in ${draftPath}: ${resumeCommand(output)} continues\n`
      : 'readiness: interrupted; nothing was written\n');
    return EXIT.interrupted;
  }

  // Load what was written exactly as `readiness audit` will, so the report is the audit's.
  const manifest = parseManifest(text, output, ruleSet, { now });
  writeFileSafely(output, text, io.cwd);
  rmSync(draftFile, { force: true });
  const auditCommand = output === 'readiness.yaml' ? 'readiness audit' : `readiness audit ${output}`;
  io.stderr(`readiness: wrote ${output}; \`${auditCommand}\` scores it again\n`);
  try {
    io.stdout(await renderReport(auditManifest(manifest, ruleSet, { now }), 'text', { color: useColor(io) }));
  } catch (error) {
    if (error instanceof NothingInScopeError) {
      throw new ReadinessError('input', error.message, { file: output }, 'check the business context and the profile');
    }
    throw error;
  }
  return 0;
}

/** The manifest an interview starts from: its text (the result keeps its comments) and the packs it extends. */
function readStartingManifest(from: string, cwd: string) {
  const file = resolve(cwd, from);
  const text = readManifestText(file);
  const parsed = parseManifestText(text, from);
  return { text, parsed, packs: manifestExtends({ ...parsed, file }) };
}

function readDraftText(draftPath: string, draftFile: string): string {
  if (!existsSync(draftFile)) {
    throw new ReadinessError('usage', `no interview to resume: ${draftPath} does not exist`, undefined, 'start one with `readiness interview`');
  }
  return readTextFile(draftFile, '', 'the draft');
}

function resumeCommand(output: string): string {
  return `\`readiness interview --resume${output === 'readiness.yaml' ? '' : ` --output ${output}`}\``;
}

function introduction(output: string, resumedAnswers: number | undefined, draftWaiting: boolean, outputExists: boolean): string {
  const lines = [
    `readiness interview: questions about the project, then ${output} and its report.`,
    'Only what the rules for its profile need is asked. Enter accepts the default shown;',
    'every question has "Don\'t know" and help. Ctrl-C keeps your answers in a draft.',
  ];
  if (resumedAnswers !== undefined) lines.push(`Resuming with ${resumedAnswers} answers from the draft.`);
  if (draftWaiting) lines.push(`An interrupted interview's draft is waiting: ${resumeCommand(output)} continues it; answering here replaces it.`);
  if (outputExists) lines.push(`${output} exists: you will be asked before it is replaced.`);
  return lines.join('\n');
}
