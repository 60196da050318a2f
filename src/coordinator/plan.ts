import { badInput } from '../errors.js';

/** Which periods a run should apply. */
export type PeriodSelection =
  | { readonly kind: 'all' }
  | { readonly kind: 'range'; readonly from: number; readonly to: number; readonly exact: boolean };

export interface PeriodPlan {
  /** Periods to apply, ascending. */
  readonly apply: readonly number[];
  /** Requested periods that are already applied: applying them again writes nothing. */
  readonly alreadyApplied: readonly number[];
  /** Periods to apply that have no source rows (only with allowEmpty). */
  readonly empty: readonly number[];
}

function describe(selection: PeriodSelection): string {
  if (selection.kind === 'all') return 'all periods';
  return selection.exact ? `period ${selection.from}` : `periods ${selection.from}-${selection.to}`;
}

function notInSource(selection: PeriodSelection, source: readonly number[]): Error {
  return badInput(`${describe(selection)} not in the source (source periods: ${source.join(', ') || 'none'})`);
}

/**
 * Periods are the distinct source values, in order, plus periods applied empty; they need not be
 * contiguous. History is built strictly in that order: applied periods must be a prefix of it, a
 * request may not go back before the latest applied period, nor skip an unapplied one.
 * An explicitly requested period without rows is refused (a failed upstream must not close the
 * whole workforce) unless allowEmpty says it really is empty.
 */
export function planPeriods(
  source: readonly number[],
  applied: readonly number[],
  selection: PeriodSelection,
  allowEmpty = false,
): PeriodPlan {
  const appliedSet = new Set(applied);
  const timeline = [...new Set([...source, ...applied])].sort((a, b) => a - b);
  const latest = applied.length === 0 ? undefined : Math.max(...applied);
  const firstGap = timeline.find((p) => !appliedSet.has(p));
  if (latest !== undefined && firstGap !== undefined && firstGap < latest) {
    throw badInput(
      `source period ${firstGap} was never applied but is earlier than the latest applied period ${latest}; rebuild with --full-refresh`,
    );
  }

  let requested = selection.kind === 'all' ? timeline : timeline.filter((p) => p >= selection.from && p <= selection.to);
  let empty: number[] = [];
  if (requested.length === 0) {
    if (!(allowEmpty && selection.kind === 'range' && selection.exact)) throw notInSource(selection, source);
    requested = [selection.from];
    empty = [selection.from];
  }
  const alreadyApplied = requested.filter((p) => appliedSet.has(p));
  const apply = requested.filter((p) => !appliedSet.has(p));
  if (apply.length === 0) return { apply, alreadyApplied, empty };

  const first = apply[0] as number;
  if (latest !== undefined && first < latest) {
    throw badInput(`period ${first} is earlier than the latest applied period ${latest}; rewinding is not supported`);
  }
  const skipped = timeline.filter((p) => !appliedSet.has(p) && p < first);
  if (skipped.length > 0) {
    throw badInput(`period ${first} would skip source period ${skipped.join(', ')}, not yet applied`);
  }
  return { apply, alreadyApplied, empty };
}

/** For --full-refresh: every source period up to the end of the selection. */
export function planFullRefresh(source: readonly number[], selection: PeriodSelection): readonly number[] {
  const periods = selection.kind === 'all' ? [...source] : source.filter((p) => p <= selection.to);
  if (periods.length === 0 || (selection.kind === 'range' && !source.some((p) => p >= selection.from && p <= selection.to))) {
    throw notInSource(selection, source);
  }
  return periods;
}

/**
 * The effective date of a period applied empty: the latest applied period's date moved by the
 * difference in periods, read as years (a workforce simulation's periods are years). 29 February
 * becomes 28 February in a year without it.
 */
export function emptyPeriodDate(period: number, previous: { period: number; effectiveDate: string } | undefined): string {
  if (previous === undefined) throw badInput(`period ${period} has no rows and no period is applied yet to date it from`);
  const [year, month, day] = previous.effectiveDate.split('-').map(Number) as [number, number, number];
  const target = year + (period - previous.period);
  const lastDay = new Date(Date.UTC(target, month, 0)).getUTCDate();
  return `${String(target).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(day, lastDay)).padStart(2, '0')}`;
}
