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

/**
 * No message is longer: a value, a type or a list embedded in one may be huge (an ENUM of 20K
 * values named 280 KB), and a message must stay readable on a terminal and in a log line.
 */
export const MESSAGE_LIMIT = 2000;

const count = (n: number) => n.toLocaleString('en-US');

/** `text` cut to `limit` characters, saying how many were left out. */
export function bounded(text: string, limit = MESSAGE_LIMIT): string {
  if (text.length <= limit) return text;
  // The tail's count, of the characters left out, is no wider than the whole text's length.
  const kept = Math.max(0, limit - `… (${count(text.length)} more characters)`.length);
  return `${text.slice(0, kept)}… (${count(text.length - kept)} more characters)`;
}

export class ScdError extends Error {
  readonly exitCode: ExitCode;
  readonly details: unknown;
  /** Option names the message mentions, so that the CLI can say its flags instead. */
  readonly options: readonly string[];
  constructor(message: string, exitCode: ExitCode, details?: unknown, options: readonly string[] = []) {
    // The backstop: builders bound what they embed (list, typeName); nothing passes this.
    super(bounded(message));
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
/** What one embedded list may take of a message. */
const LIST_LIMIT = 600;
/** What one embedded value (a name, a key) may take of a message. */
const VALUE_LIMIT = 200;

/** A list for a message: `a, b, c`, 'none', or as many as fit and `… and 19,990 more`. */
export function list(values: readonly (string | number)[]): string {
  if (values.length === 0) return 'none';
  const shown: string[] = [];
  let length = 0;
  for (const value of values) {
    const text = bounded(String(value), VALUE_LIMIT);
    if (shown.length > 0 && length + text.length > LIST_LIMIT) break;
    shown.push(text);
    length += text.length + 2;
  }
  const more = values.length - shown.length;
  return more === 0 ? shown.join(', ') : `${shown.join(', ')}, … and ${count(more)} more`;
}

/** Text from elsewhere (recorded settings, DuckDB's words) cut to what one part of a message may take. */
export const excerpt = (text: string) => bounded(text, LIST_LIMIT);

/** A DuckDB type name for a message: an ENUM's values as a list (cut with a count), any other type cut at a bound. */
export function typeName(type: string): string {
  if (type.length <= VALUE_LIMIT) return type;
  const enumValues = /^ENUM\((.*)\)$/s.exec(type)?.[1];
  if (enumValues === undefined) return bounded(type, VALUE_LIMIT);
  return `ENUM(${list(enumValues.match(/'(?:[^']|'')*'/g) ?? [])})`;
}
