import { integerOutOfRange, notADate, notOneOf, notPositive } from '../errors/index.js';

/** The checks of option values: each returns the value it accepts, and refuses one naming the option. */
export function checkInteger(option: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw integerOutOfRange(option, min, max, value);
  return value;
}

/** A calendar date as YYYY-MM-DD: 2026-02-30 is refused, not rolled over. */
export function checkDate(option: string, value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date =
    match === null ? undefined : new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (date === undefined || date.toISOString().slice(0, 10) !== value) throw notADate(option, value);
  return value;
}

export function checkOneOf<T extends string>(
  option: string,
  allowed: readonly T[],
  value: T | undefined,
): T | undefined {
  if (value !== undefined && !allowed.includes(value)) throw notOneOf(option, allowed, value);
  return value;
}

export function checkPositive(option: string, value: number): number {
  if (!(value > 0)) throw notPositive(option, value);
  return value;
}
