import { basename, dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { ReadinessError } from '../errors.js';
import type { FactDefinition } from '../rules/types.js';
import { parseYamlSource, positionAt, yamlToPlain } from '../source/yaml-source.js';
import type { Answers } from './answers.js';
import { readAnswers } from './answers-file.js';

/** The answers of an interview still under way, kept next to the manifest it will write. */
export interface Draft {
  /** The manifest the interview started from (--from), so resuming keeps its comments. */
  from?: string;
  answers: Answers;
}

/** `readiness.yaml` → `.readiness.yaml.draft`, beside it: hidden, and tied to its target. */
export function draftPathFor(output: string): string {
  return join(dirname(output), `.${basename(output)}.draft`);
}

export function draftText(draft: Draft): string {
  return [
    '# An interrupted `readiness interview`: the answers given so far.',
    '# `readiness interview --resume` continues from here; it is removed once the manifest is written.',
    stringify({ draft: 1, ...(draft.from !== undefined && { from: draft.from }), answers: draft.answers }, { nullStr: '~', lineWidth: 0 }),
  ].join('\n');
}

export function parseDraft(text: string, file: string, facts: ReadonlyMap<string, FactDefinition>): Draft {
  const { source, from } = readDraft(text, file);
  return { ...(from !== undefined && { from }), answers: readAnswers(source, ['answers'], facts) };
}

/** The manifest a draft started from, read before its answers: its packs decide which facts there are. */
export function draftFrom(text: string, file: string): string | undefined {
  return readDraft(text, file).from;
}

function readDraft(text: string, file: string) {
  const source = parseYamlSource(text, file, 'input');
  const content = yamlToPlain(source, 'input') as { draft?: unknown; from?: unknown } | null;
  if (content?.draft !== 1) {
    throw new ReadinessError('input', 'is not a draft of `readiness interview`', positionAt(source, []), 'start a new interview without --resume');
  }
  if (content.from !== undefined && typeof content.from !== 'string') {
    throw new ReadinessError('input', '"from" must name the manifest the interview started from', positionAt(source, ['from']));
  }
  return { source, from: content.from };
}
