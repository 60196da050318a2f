/**
 * The core of the errors catalog: the error class, and the builders the catalog uses; the codes
 * are in codes.ts. Messages are short, lower case, and name the bad value. Errors about an option
 * mark its name (`option('workers')`): the library says it as is, the CLI says its flag (`--workers`).
 */

import { type ErrorCode, ExitCode, exitCodesOf } from './codes.js';

export type { ErrorCode };
export { ExitCode };

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

/** An option's name in a message: the library says the name; the CLI says the option's flag. */
export class OptionName {
  constructor(readonly name: string) {}
}
export const option = (name: string) => new OptionName(name);
type MessagePart = string | OptionName;

/** A message with its option names marked, as `say` builds it. */
export class Message {
  constructor(readonly parts: readonly MessagePart[]) {}
  /** The text, each option said as `name` says it. */
  said(name: (option: string) => string): string {
    return this.parts.map((part) => (typeof part === 'string' ? part : name(part.name))).join('');
  }
}

/**
 * A message with its option names marked, e.g. say`rebuild it with ${option('fullRefresh')}`: only
 * the marked words are ever said otherwise, never a value that happens to spell an option (a
 * table named `replace`). A message embedded in another keeps its marks.
 */
export function say(strings: TemplateStringsArray, ...values: unknown[]): Message {
  const parts: MessagePart[] = [];
  const add = (part: MessagePart) => {
    const last = parts.at(-1);
    if (typeof part === 'string' && typeof last === 'string') parts[parts.length - 1] = last + part;
    else if (part !== '') parts.push(part);
  };
  strings.forEach((text, i) => {
    add(text);
    if (i === values.length) return;
    const value = values[i];
    if (value instanceof Message) value.parts.forEach(add);
    else add(value instanceof OptionName ? value : String(value));
  });
  return new Message(parts);
}

export class ScdError extends Error {
  /** What a program branches on: stable, and never derived from the message. */
  readonly code: ErrorCode;
  readonly exitCode: ExitCode;
  readonly details: unknown;
  /** Option names the message mentions, so that the CLI can say its flags instead. */
  readonly options: readonly string[];
  readonly #message: Message;
  /** `exitCode`: the code's own; only INTERRUPTED, which has one per signal, is given it. */
  constructor(code: ErrorCode, message: string | Message, details?: unknown, exitCode?: ExitCode) {
    const marked = message instanceof Message ? message : new Message([String(message)]);
    // The backstop: builders bound what they embed (list, typeName); nothing passes this.
    super(bounded(marked.said((name) => name)));
    this.name = 'ScdError';
    this.code = code;
    this.exitCode = exitCode ?? exitCodesOf(code)[0] ?? ExitCode.internal;
    this.details = details;
    this.#message = marked;
    this.options = marked.parts.flatMap((part) => (typeof part === 'string' ? [] : [part.name]));
  }

  /** The message with each option said as `name` says it (the CLI: its flag), bounded as the message is. */
  messageWith(name: (option: string) => string): string {
    return bounded(this.#message.said(name));
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Anything unforeseen, as the CLI reports it (bounded as every ScdError is: DuckDB's messages quote the statement). */
export const internalError = (cause: unknown) =>
  new ScdError('INTERNAL', `internal error: ${bounded(errorMessage(cause))}`, cause);

/** A bad value of the option `name`: the message follows its name. */
export const badOption = (name: string, message: string) =>
  new ScdError('INVALID_OPTION', say`${option(name)} ${message}`);
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
