import {
  beforeLatest,
  datesOutOfOrder,
  emptyUndatable,
  historyWithoutPeriods,
  noEffectiveDate,
  notInSource,
  unappliedGap,
  wouldSkip,
} from '../errors/index.js';
import type { AppliedPeriod } from '../history/ledger.js';

/** Which periods a run should apply. */
export type PeriodSelection =
  | { readonly kind: 'all' }
  | { readonly kind: 'range'; readonly from: number; readonly to: number; readonly exact: boolean };

/** One source period as the source reports it. */
export interface SourcePeriod {
  readonly period: number;
  /** The latest effective date of its rows; null when they have none. */
  readonly effectiveDate: string | null;
  readonly rows: number;
  /** As the ledger records it when the period is applied. */
  readonly fingerprint: string;
}

/** A period and the date its versions take. */
export interface AppliedDate {
  readonly period: number;
  readonly effectiveDate: string;
}

/** A period to apply, with the effective date its versions take. */
export interface PeriodInput {
  readonly period: number;
  readonly effectiveDate: string;
  /** The period applied just before this one; null for the history's first. */
  readonly previousPeriod: number | null;
}

export interface PeriodPlan {
  /** Periods to apply, ascending. */
  readonly apply: readonly number[];
  /** Requested periods that are already applied: applying them again writes nothing. */
  readonly alreadyApplied: readonly number[];
}

function describe(selection: PeriodSelection): string {
  if (selection.kind === 'all') return 'all periods';
  return selection.exact ? `period ${selection.from}` : `periods ${selection.from}-${selection.to}`;
}

/**
 * Periods are the distinct source values, in order, plus periods applied empty; they need not be
 * contiguous. History is built strictly in that order: applied periods must be a prefix of it, a
 * request may not go back before the latest applied period, nor skip an unapplied one.
 * An explicitly requested period without rows is refused (a failed upstream must not close the
 * whole workforce) unless allowEmpty says it really is empty.
 */
export function planPeriods(source: readonly number[], applied: readonly number[], selection: PeriodSelection, allowEmpty = false): PeriodPlan {
  const appliedSet = new Set(applied);
  const timeline = [...new Set([...source, ...applied])].sort((a, b) => a - b);
  const latest = applied.length === 0 ? undefined : Math.max(...applied);
  const firstGap = timeline.find((p) => !appliedSet.has(p));
  if (latest !== undefined && firstGap !== undefined && firstGap < latest) throw unappliedGap(firstGap, latest);

  let requested = selection.kind === 'all' ? timeline : timeline.filter((p) => p >= selection.from && p <= selection.to);
  if (requested.length === 0) {
    if (!(allowEmpty && selection.kind === 'range' && selection.exact)) throw notInSource(describe(selection), source);
    requested = [selection.from];
  }
  const alreadyApplied = requested.filter((p) => appliedSet.has(p));
  const apply = requested.filter((p) => !appliedSet.has(p));
  const first = apply[0];
  if (first === undefined) return { apply, alreadyApplied };
  if (latest !== undefined && first < latest) throw beforeLatest(first, latest);
  const skipped = timeline.filter((p) => !appliedSet.has(p) && p < first);
  if (skipped.length > 0) throw wouldSkip(first, skipped);
  return { apply, alreadyApplied };
}

/** For a full refresh: every source period up to the end of the selection. */
export function planFullRefresh(source: readonly number[], selection: PeriodSelection): readonly number[] {
  const periods = selection.kind === 'all' ? [...source] : source.filter((p) => p <= selection.to);
  if (periods.length === 0 || (selection.kind === 'range' && !source.some((p) => p >= selection.from && p <= selection.to))) {
    throw notInSource(describe(selection), source);
  }
  return periods;
}

/**
 * The effective date of a period applied empty: the latest applied period's date moved by the
 * difference in periods, read as years (a workforce simulation's periods are years). 29 February
 * becomes 28 February in a year without it.
 */
export function emptyPeriodDate(period: number, previous: AppliedDate | undefined): string {
  if (previous === undefined) throw emptyUndatable(period);
  const [year, month, day] = previous.effectiveDate.split('-').map(Number) as [number, number, number];
  const target = year + (period - previous.period);
  const lastDay = new Date(Date.UTC(target, month, 0)).getUTCDate();
  return `${String(target).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(day, lastDay)).padStart(2, '0')}`;
}

/** Every period to apply needs an effective date later than the one before it, or validity inverts. */
export function periodInputs(source: readonly SourcePeriod[], apply: readonly number[], lastApplied: AppliedDate | undefined): PeriodInput[] {
  const inputs: PeriodInput[] = [];
  let previous = lastApplied;
  for (const period of apply) {
    const row = source.find((s) => s.period === period);
    const effectiveDate = row === undefined ? emptyPeriodDate(period, previous) : row.effectiveDate;
    if (effectiveDate === null) throw noEffectiveDate(period);
    if (previous !== undefined && effectiveDate <= previous.effectiveDate) throw datesOutOfOrder(period, effectiveDate, previous.effectiveDate);
    inputs.push({ period, effectiveDate, previousPeriod: previous?.period ?? null });
    previous = { period, effectiveDate };
  }
  return inputs;
}

/** What the database holds now, as far as planning needs it. */
export interface HistoryState {
  readonly source: readonly SourcePeriod[];
  readonly applied: readonly AppliedPeriod[];
  /** Rows in the history table; undefined when it does not exist yet. */
  readonly targetRows: number | undefined;
}

export interface RunPlan {
  readonly fullRefresh: boolean;
  readonly inputs: readonly PeriodInput[];
  readonly alreadyApplied: readonly AppliedPeriod[];
}

/** Which periods a run applies, refused before anything is written if the request or the history does not allow it. */
export function planRun(state: HistoryState, request: { selection: PeriodSelection; fullRefresh: boolean; allowEmpty: boolean }, target: string): RunPlan {
  const sourcePeriods = state.source.map((s) => s.period);
  if (request.fullRefresh) {
    return { fullRefresh: true, inputs: periodInputs(state.source, planFullRefresh(sourcePeriods, request.selection), undefined), alreadyApplied: [] };
  }
  const plan = planPeriods(sourcePeriods, state.applied.map((a) => a.period), request.selection, request.allowEmpty);
  // An empty history without periods is what a run killed before its first commit leaves.
  if (state.applied.length === 0 && state.targetRows !== undefined && state.targetRows > 0) throw historyWithoutPeriods(target);
  return {
    fullRefresh: false,
    inputs: periodInputs(state.source, plan.apply, state.applied.at(-1)),
    alreadyApplied: state.applied.filter((a) => plan.alreadyApplied.includes(a.period)),
  };
}
