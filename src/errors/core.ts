/**
 * The core of the errors catalog: exit codes, the error class, and the builders the catalog uses.
 * Messages are short, lower case, and name the bad value. Errors about an option name it as the
 * library does (`workers`); the CLI shows its flag (`--workers`) instead.
 */

/** Exit codes are part of the CLI contract; each failure class has its own. */
export const ExitCode = {
  ok: 0,
  checkFailed: 1,
  badInput: 2,
  locked: 3,
  workerFailed: 4,
  resources: 5,
  /** The run committed but breached its SLA, with --fail-on-sla. */
  slaBreached: 6,
  internal: 70,
  /** 128 + the signal's number, as shells report a process ended by it. */
  hangup: 129,
  interrupt: 130,
  terminate: 143,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export class ScdError extends Error {
  readonly exitCode: ExitCode;
  readonly details: unknown;
  /** Option names the message mentions, so that the CLI can say its flags instead. */
  readonly options: readonly string[];
  constructor(message: string, exitCode: ExitCode, details?: unknown, options: readonly string[] = []) {
    super(message);
    this.name = 'ScdError';
    this.exitCode = exitCode;
    this.details = details;
    this.options = options;
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export const bad = (message: string, details?: unknown) => new ScdError(message, ExitCode.badInput, details);
export const badOption = (option: string, message: string) => new ScdError(`${option} ${message}`, ExitCode.badInput, undefined, [option]);
export const list = (values: readonly (string | number)[]) => values.join(', ') || 'none';
