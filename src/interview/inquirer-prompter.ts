import { checkbox, confirm, input, select } from '@inquirer/prompts';
import { InterviewInterrupted, type Prompter } from './prompter.js';

/**
 * The prompter of a real terminal, over Inquirer. Only `readiness interview` loads this module
 * (with a dynamic import), so `readiness audit` never pays for Inquirer at start-up.
 */
export function inquirerPrompter(): Prompter {
  return {
    say: (text) => void process.stdout.write(`${text}\n`),
    select: (prompt) => interruptible(() => select({
      message: prompt.message,
      choices: prompt.choices,
      default: prompt.default,
      pageSize: 12,
      loop: false,
    })),
    input: (prompt) => interruptible(() => input({
      message: prompt.message,
      default: prompt.default,
      validate: prompt.validate,
    })),
    checkbox: (prompt) => interruptible(() => checkbox({
      message: prompt.message,
      choices: prompt.choices.map((choice) => ({ ...choice, checked: prompt.checked.includes(choice.value) })),
      pageSize: 12,
      loop: false,
    })),
    confirm: (prompt) => interruptible(() => confirm({ message: prompt.message, default: prompt.default })),
  };
}

// Inquirer rejects with an ExitPromptError on Ctrl-C; the interview knows it by its own name.
async function interruptible<T>(ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (error) {
    if ((error as Error | undefined)?.name === 'ExitPromptError') throw new InterviewInterrupted();
    throw error;
  }
}
