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
}

function describe(selection: PeriodSelection): string {
  if (selection.kind === 'all') return 'all periods';
  return selection.exact ? `period ${selection.from}` : `periods ${selection.from}-${selection.to}`;
}

/**
 * Periods are the distinct source values, in order; they need not be contiguous. History is built
 * strictly in that order: applied periods must be a prefix of the source's, a request may not go
 * back before the latest applied period, nor skip an unapplied one.
 */
export function planPeriods(source: readonly number[], applied: readonly number[], selection: PeriodSelection): PeriodPlan {
  const appliedSet = new Set(applied);
  const latest = applied.length === 0 ? undefined : applied[applied.length - 1];
  const firstGap = source.find((p) => !appliedSet.has(p));
  if (latest !== undefined && firstGap !== undefined && firstGap < latest) {
    throw badInput(
      `source period ${firstGap} was never applied but is earlier than the latest applied period ${latest}; rebuild with --full-refresh`,
    );
  }

  const requested =
    selection.kind === 'all' ? [...source] : source.filter((p) => p >= selection.from && p <= selection.to);
  if (requested.length === 0) {
    throw badInput(`${describe(selection)} not in the source (source periods: ${source.join(', ') || 'none'})`);
  }
  const alreadyApplied = requested.filter((p) => appliedSet.has(p));
  const apply = requested.filter((p) => !appliedSet.has(p));
  if (apply.length === 0) return { apply, alreadyApplied };

  const first = apply[0] as number;
  if (latest !== undefined && first < latest) {
    throw badInput(`period ${first} is earlier than the latest applied period ${latest}; rewinding is not supported`);
  }
  const skipped = source.filter((p) => !appliedSet.has(p) && p < first);
  if (skipped.length > 0) {
    throw badInput(`period ${first} would skip source period ${skipped.join(', ')}, not yet applied`);
  }
  return { apply, alreadyApplied };
}

/** For --full-refresh: every source period up to the end of the selection. */
export function planFullRefresh(source: readonly number[], selection: PeriodSelection): readonly number[] {
  const periods = selection.kind === 'all' ? [...source] : source.filter((p) => p <= selection.to);
  if (periods.length === 0 || (selection.kind === 'range' && !source.some((p) => p >= selection.from && p <= selection.to))) {
    throw badInput(`${describe(selection)} not in the source (source periods: ${source.join(', ') || 'none'})`);
  }
  return periods;
}
