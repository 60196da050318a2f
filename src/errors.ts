/** Exit codes are part of the CLI contract; each failure class has its own. */
export const ExitCode = {
  ok: 0,
  checkFailed: 1,
  badInput: 2,
  locked: 3,
  workerFailed: 4,
  internal: 70,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export class ScdError extends Error {
  readonly exitCode: ExitCode;
  readonly details: unknown;
  constructor(message: string, exitCode: ExitCode, details?: unknown) {
    super(message);
    this.name = 'ScdError';
    this.exitCode = exitCode;
    this.details = details;
  }
}

export function badInput(message: string, details?: unknown): ScdError {
  return new ScdError(message, ExitCode.badInput, details);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
