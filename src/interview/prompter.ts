/**
 * What the interview needs of a terminal, and nothing more: one implementation drives
 * Inquirer in a real terminal, tests script their own, `--answers` accepts every default.
 * Every prompt carries `key`, the answer it is for, so a scripted prompter can answer by it.
 */
export interface Choice {
  value: string;
  name: string;
  /** Shown beside the highlighted choice. */
  description?: string;
  /** Shown as the answer once chosen, when the name is long. */
  short?: string;
}

export interface SelectPrompt {
  key: string;
  message: string;
  choices: Choice[];
  default: string;
}

export interface InputPrompt {
  key: string;
  message: string;
  default: string;
  /** true, or why the text is refused (the prompt then asks again). */
  validate: (text: string) => true | string;
}

export interface CheckboxPrompt {
  key: string;
  message: string;
  choices: Choice[];
  checked: string[];
}

export interface ConfirmPrompt {
  key: string;
  message: string;
  default: boolean;
}

export interface Prompter {
  /** Text for the person answering: progress, why a question matters, help, the summary. */
  say(text: string): void;
  select(prompt: SelectPrompt): Promise<string>;
  input(prompt: InputPrompt): Promise<string>;
  checkbox(prompt: CheckboxPrompt): Promise<string[]>;
  confirm(prompt: ConfirmPrompt): Promise<boolean>;
}

/** The person stopped the interview (Ctrl-C): the answers given so far are in the draft. */
export class InterviewInterrupted extends Error {
  override readonly name = 'InterviewInterrupted';
  constructor() {
    super('interview interrupted');
  }
}

/**
 * Takes every default without waiting: what `--answers <file>` runs with, so whatever the file
 * leaves out is recorded as "don't know" (or as the manifest given with --from says).
 */
export function defaultsPrompter(): Prompter {
  return {
    say: () => {},
    select: async (prompt) => prompt.default,
    input: async (prompt) => prompt.default,
    checkbox: async (prompt) => prompt.checked,
    confirm: async (prompt) => prompt.default,
  };
}
