import {
  dateNotBeforeNext,
  datesOutOfOrder,
  effectiveDateUnused,
  emptyUndatable,
  noEffectiveDate,
} from '../../errors/index.js';

/** A period and the date its versions take. */
export interface AppliedDate {
  readonly period: number;
  readonly effectiveDate: string;
}

/** A period to apply, with the effective date its versions take. */
export interface PeriodInput extends AppliedDate {
  /** The period applied just before this one, and its date; null for the history's first. */
  readonly previousPeriod: number | null;
  readonly previousEffectiveDate: string | null;
}

/** Moves a date to `period` by whole years; 29 February becomes 28 February in a year without it. */
export function shiftYears(from: AppliedDate, period: number): string {
  const [year, month, day] = from.effectiveDate.split('-').map(Number) as [number, number, number];
  const target = year + (period - from.period);
  const lastDay = new Date(Date.UTC(target, month, 0)).getUTCDate();
  const pad = (value: number, digits: number) => String(value).padStart(digits, '0');
  return `${pad(target, 4)}-${pad(month, 2)}-${pad(Math.min(day, lastDay), 2)}`;
}

/**
 * The dates a run knows: a source period's latest effective date (null when its rows have none),
 * else the date a period applied empty was recorded with.
 */
export class PeriodDates {
  private readonly dates = new Map<number, string | null>();

  constructor(source: readonly { period: number; effectiveDate: string | null }[], applied: readonly AppliedDate[]) {
    for (const a of applied) this.dates.set(a.period, a.effectiveDate);
    for (const s of source) this.dates.set(s.period, s.effectiveDate);
  }

  /** undefined: a period without rows or record, whose date must be given or derived. */
  of(period: number): string | null | undefined {
    return this.dates.get(period);
  }

  /** The first dated period after `period`. */
  after(period: number): AppliedDate | undefined {
    const later = [...this.dates]
      .filter((e): e is [number, string] => e[0] > period && e[1] !== null)
      .sort((a, b) => a[0] - b[0])[0];
    return later === undefined ? undefined : { period: later[0], effectiveDate: later[1] };
  }

  /** Periods read as years when every dated period's date falls in the year it names. */
  areYears(): boolean {
    const dated = [...this.dates].filter((e): e is [number, string] => e[1] !== null);
    return dated.length > 0 && dated.every(([period, date]) => Number(date.slice(0, 4)) === period);
  }
}

/**
 * The date of a period without rows: the one given, else (only when periods are years) the
 * nearest dated period's moved by whole years. Never invented by year arithmetic otherwise.
 */
export function emptyPeriodDate(
  period: number,
  given: string | undefined,
  neighbour: AppliedDate | undefined,
  years: boolean,
): string {
  if (given !== undefined) return given;
  if (neighbour === undefined) throw emptyUndatable(period, 'no other period is dated');
  if (!years) throw emptyUndatable(period, 'the periods are not years');
  return shiftYears(neighbour, period);
}

/**
 * Every period to apply needs an effective date later than the one before it, or validity
 * inverts; a period without rows also one before the next dated period's.
 */
export function periodInputs(
  dates: PeriodDates,
  apply: readonly number[],
  lastApplied: AppliedDate | undefined,
  given?: string,
): PeriodInput[] {
  const inputs: PeriodInput[] = [];
  let previous = lastApplied;
  let used = false;
  for (const period of apply) {
    const known = dates.of(period);
    if (known === null) throw noEffectiveDate(period);
    let effectiveDate = known;
    if (effectiveDate === undefined) {
      const next = dates.after(period);
      effectiveDate = emptyPeriodDate(period, given, previous ?? next, dates.areYears());
      used = given !== undefined;
      if (next !== undefined && effectiveDate >= next.effectiveDate)
        throw dateNotBeforeNext(period, effectiveDate, next.period, next.effectiveDate);
    }
    if (previous !== undefined && effectiveDate <= previous.effectiveDate)
      throw datesOutOfOrder(period, effectiveDate, previous.effectiveDate);
    inputs.push({
      period,
      effectiveDate,
      previousPeriod: previous?.period ?? null,
      previousEffectiveDate: previous?.effectiveDate ?? null,
    });
    previous = { period, effectiveDate };
  }
  if (given !== undefined && !used) throw effectiveDateUnused(given);
  return inputs;
}
