import type { CliIo } from '../../src/cli/io.js';
import { InterviewInterrupted, type Prompter } from '../../src/interview/prompter.js';

/**
 * Responses by prompt key: a select's choice value, an input's text, a checkbox's values
 * joined by commas, a confirm's boolean. A list gives successive responses to the same key
 * (`['?', 'true']`: ask for help, then answer). Keys not in the script take the default,
 * as pressing Enter does.
 */
export type Script = Record<string, string | boolean | (string | boolean)[]>;

export interface ScriptedPrompter extends Prompter {
  /** Everything shown, in order: what was said, and `? [key] message` for each prompt. */
  transcript: string[];
  /** The key of every prompt, in order. */
  keys: string[];
  /** The default each key was offered, the last time it was asked. */
  defaults: Record<string, unknown>;
}

export function scriptedPrompter(script: Script = {}, options: { interruptAt?: string } = {}): ScriptedPrompter {
  const transcript: string[] = [];
  const keys: string[] = [];
  const defaults: Record<string, unknown> = {};
  const used = new Map<string, number>();
  const respond = (key: string, message: string, byDefault: unknown): string | boolean | undefined => {
    keys.push(key);
    transcript.push(`? [${key}] ${message}`);
    defaults[key] = byDefault;
    if (key === options.interruptAt) throw new InterviewInterrupted();
    const given = script[key];
    if (!Array.isArray(given)) return given;
    const turn = used.get(key) ?? 0;
    used.set(key, turn + 1);
    return given[Math.min(turn, given.length - 1)];
  };
  return {
    transcript,
    keys,
    defaults,
    say: (text) => void transcript.push(text),
    select: async ({ key, message, choices, default: byDefault }) => {
      const value = respond(key, message, byDefault) ?? byDefault;
      if (!choices.some((c) => c.value === value)) {
        throw new Error(`${key}: "${String(value)}" is not a choice (${choices.map((c) => c.value).join(', ')})`);
      }
      return value as string;
    },
    input: async ({ key, message, default: byDefault, validate }) => {
      const text = String(respond(key, message, byDefault) ?? byDefault);
      const verdict = validate(text);
      if (verdict !== true) throw new Error(`${key}: "${text}" refused: ${verdict}`);
      return text;
    },
    checkbox: async ({ key, message, checked }) => {
      const value = respond(key, message, checked);
      return value === undefined ? checked : String(value).split(',').filter(Boolean);
    },
    confirm: async ({ key, message, default: byDefault }) => {
      const value = respond(key, message, byDefault);
      return value === undefined ? byDefault : value === true;
    },
  };
}

/** A terminal-like CliIo that keeps what is written. */
export function memoryIo(cwd: string, terminal = true): CliIo & { out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    stdoutIsTTY: terminal,
    stdinIsTTY: terminal,
    env: { NO_COLOR: '1' },
    cwd,
    out: () => out.join(''),
    err: () => err.join(''),
  };
}
