/** The exit codes every command shares (the README and `--help` list them). */
export const EXIT = { ok: 0, gateFailed: 1, usage: 2, interrupted: 130 } as const;
