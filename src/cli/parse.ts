import { InvalidArgumentError } from 'commander';
import { badFlagValue, noSelection, onlyOneSelection } from '../errors/index.js';
import type { PeriodSelection } from '../options/run-options.js';

const BYTE_UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

/** '2GB', '512MiB', '1000000' (bytes). */
export function parseBytes(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = BYTE_UNITS[(match?.[2] || 'b').toLowerCase()];
  if (match === null || unit === undefined) throw new InvalidArgumentError(badFlagValue.size(text));
  const bytes = Math.floor(Number(match[1]) * unit);
  if (bytes <= 0) throw new InvalidArgumentError(badFlagValue.sizeNotPositive(text));
  // Past 2^53 the count is not exact, and DuckDB takes no such limit ('1e+23B'): said here, with the text.
  if (Number.isSafeInteger(bytes)) return bytes;
  throw new InvalidArgumentError(badFlagValue.sizeRange(text, Number.MAX_SAFE_INTEGER));
}

/**
 * An integer exactly as written: one past 2^53 would round (99999999999999999999 reads as 1e20),
 * so it is refused naming the text as given, whatever range the option itself allows.
 */
export function parseInteger(text: string): number {
  if (!/^-?\d+$/.test(text.trim())) throw new InvalidArgumentError(badFlagValue.integer(text));
  return exactInteger(text);
}

function exactInteger(text: string): number {
  const value = Number(text);
  if (Number.isSafeInteger(value)) return value;
  throw new InvalidArgumentError(badFlagValue.integerRange(text.trim(), Number.MAX_SAFE_INTEGER));
}

export function parseIntegerOrAuto(text: string): number | 'auto' {
  return text === 'auto' ? 'auto' : parseInteger(text);
}

export function parsePositiveNumber(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new InvalidArgumentError(badFlagValue.positive(text));
  return value;
}

export function parseYearRange(text: string): { from: number; to: number } {
  const match = /^\s*(-?\d+)\s*-\s*(-?\d+)\s*$/.exec(text);
  if (match === null) throw new InvalidArgumentError(badFlagValue.yearRange(text));
  const from = exactInteger(match[1] as string);
  const to = exactInteger(match[2] as string);
  if (from > to) throw new InvalidArgumentError(badFlagValue.yearRangeBackwards(text));
  return { from, to };
}

export function parseColumnList(text: string): string[] {
  const columns = text.split(',').map((c) => c.trim());
  if (columns.some((c) => c === '')) throw new InvalidArgumentError(badFlagValue.emptyColumn(text));
  return columns;
}

/** Exactly one of --year, --years, --all; --full-refresh alone means --all. */
export function selectionFrom(
  flags: { year?: number; years?: { from: number; to: number }; all?: boolean },
  fullRefresh: boolean,
): PeriodSelection {
  const given = [flags.year !== undefined, flags.years !== undefined, flags.all === true].filter(Boolean).length;
  if (given > 1) throw onlyOneSelection();
  if (flags.year !== undefined) return { kind: 'range', from: flags.year, to: flags.year, exact: true };
  if (flags.years !== undefined) return { kind: 'range', ...flags.years, exact: false };
  if (flags.all || fullRefresh) return { kind: 'all' };
  throw noSelection();
}

/**
 * `--key E1`, or `--key scenario_id=A,employee_id=E1`: a bare value (no `=`), or column=value
 * pairs split at the first `=`. A part without `=` continues the value before it, so a value may
 * hold commas (`--key scenario_id=a,b,employee_id=E1`), and `employee_id=x=y` is the value x=y.
 */
export function parseKeyValue(text: string): string | Record<string, string> {
  if (!text.includes('=')) return text;
  const pairs: Array<[string, string]> = [];
  for (const part of text.split(',')) {
    const at = part.indexOf('=');
    const last = pairs.at(-1);
    if (at < 0 && last !== undefined) last[1] += `,${part}`;
    else if (at < 0) throw new InvalidArgumentError(badFlagValue.keyPair(text));
    else pairs.push([part.slice(0, at).trim(), part.slice(at + 1)]);
  }
  const named = Object.fromEntries(pairs);
  if (Object.keys(named).length !== pairs.length) throw new InvalidArgumentError(badFlagValue.keyPair(text));
  return named;
}
