/** Where in a user's file something is. Lines and columns are 1-based. */
export interface SourcePosition {
  file: string;
  line?: number;
  column?: number;
}

/**
 * `usage`: the command line is wrong. `input`: a manifest, report or answers file is wrong.
 * `rules`: a rule pack is wrong. `io`: a file could not be read or written.
 * All of them mean "nothing was evaluated" and exit 2.
 */
export type ErrorKind = 'usage' | 'input' | 'rules' | 'io';

/** The one error type of readiness: thrown at the edge of a stage, printed once by the CLI. */
export class ReadinessError extends Error {
  override readonly name = 'ReadinessError';
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly where?: SourcePosition,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export function formatPosition(where: SourcePosition): string {
  let text = where.file;
  if (where.line !== undefined) text += `:${where.line}`;
  if (where.line !== undefined && where.column !== undefined) text += `:${where.column}`;
  return text;
}

/** `readiness: file:line:col: message`, then the hint on its own line where there is one. */
export function formatError(error: ReadinessError): string {
  const where = error.where ? `${formatPosition(error.where)}: ` : '';
  const hint = error.hint ? `\n  hint: ${error.hint}` : '';
  return `readiness: ${where}${error.message}${hint}`;
}
