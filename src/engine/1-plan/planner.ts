import {
  historyWithoutPeriods,
  notInSource,
  nowEmpty,
  sourceChanged,
  sourceRedated,
  wouldSkip,
} from '../../errors/index.js';
import type { AppliedPeriod } from '../../history/ledger.js';
import type { PeriodSelection } from '../../options/run-options.js';
import { type AppliedDate, PeriodDates, type PeriodInput, periodInputs } from './period-dates.js';

export type { AppliedDate, PeriodInput };

/** One source period as the source reports it. */
export interface SourcePeriod {
  readonly period: number;
  /** The latest effective date of its rows; null when they have none. */
  readonly effectiveDate: string | null;
  readonly rows: number;
  /** As the ledger records it when the period is applied; null when not read (no period to compare). */
  readonly fingerprint: string | null;
}

/** An applied period whose source no longer gives what was applied. */
export interface SourceChange {
  readonly period: number;
  /** Keys that differ between the source and the versions valid at the period's date. */
  readonly keys: number;
  /** Set when the period's effective date moved. */
  readonly redated?: { readonly recorded: string; readonly now: string };
}

export interface PeriodPlan {
  /** Periods to apply, ascending. */
  readonly apply: readonly number[];
  /** Requested periods that are already applied and stay so: applying them again writes nothing. */
  readonly alreadyApplied: readonly number[];
  /**
   * Set when the run applies periods again (a late period, or a replaced one): the history is first
   * rewound to this applied period (null: emptied), and everything runs in one transaction.
   */
  readonly rewindTo?: number | null;
}

function describe(selection: PeriodSelection): string {
  if (selection.kind === 'all') return 'all periods';
  return selection.exact ? `period ${selection.from}` : `periods ${selection.from}-${selection.to}`;
}

const ascending = (periods: Iterable<number>) => [...new Set(periods)].sort((a, b) => a - b);

/**
 * Periods are the distinct source values, in order, plus periods applied empty; they need not be
 * contiguous. A request may not skip an unapplied period. A requested period earlier than the
 * latest applied one (late), or `replaceFrom` (the first changed period, with --replace), makes a
 * replay: the history is rewound to the applied period before it, and every period from there up
 * to the end of the request or the latest applied period, whichever is later, is applied again.
 * An explicitly requested period without rows is refused (a failed upstream must not close the
 * whole workforce) unless allowEmpty says it really is empty.
 */
export function planPeriods(
  source: readonly number[],
  applied: readonly number[],
  selection: PeriodSelection,
  allowEmpty = false,
  replaceFrom?: number,
): PeriodPlan {
  const appliedSet = new Set(applied);
  const timeline = ascending([...source, ...applied]);
  const latest = applied.length === 0 ? undefined : Math.max(...applied);
  let requested =
    selection.kind === 'all' ? timeline : timeline.filter((p) => p >= selection.from && p <= selection.to);
  if (requested.length === 0) {
    if (!(allowEmpty && selection.kind === 'range' && selection.exact)) throw notInSource(describe(selection), source);
    requested = [selection.from];
  }
  const unapplied = requested.filter((p) => !appliedSet.has(p));
  const late = unapplied.find((p) => latest !== undefined && p < latest);
  const from = [late, replaceFrom].filter((p) => p !== undefined).sort((a, b) => a - b)[0];
  const first = from ?? unapplied[0];
  const skipped = timeline.filter((p) => !appliedSet.has(p) && first !== undefined && p < first);
  if (first !== undefined && skipped.length > 0) throw wouldSkip(first, skipped);
  if (from === undefined) return { apply: unapplied, alreadyApplied: requested.filter((p) => appliedSet.has(p)) };
  const end = Math.max(requested.at(-1) as number, latest ?? from);
  const before = applied.filter((p) => p < from);
  return {
    apply: ascending([...timeline, ...requested]).filter((p) => p >= from && p <= end),
    alreadyApplied: requested.filter((p) => appliedSet.has(p) && p < from),
    rewindTo: before.length === 0 ? null : Math.max(...before),
  };
}

/** For a full refresh: every source period, and every period applied empty, up to the end of the selection. */
export function planFullRefresh(
  source: readonly number[],
  appliedEmpty: readonly number[],
  selection: PeriodSelection,
): readonly number[] {
  const timeline = ascending([...source, ...appliedEmpty]);
  const periods = selection.kind === 'all' ? timeline : timeline.filter((p) => p <= selection.to);
  if (
    periods.length === 0 ||
    (selection.kind === 'range' && !source.some((p) => p >= selection.from && p <= selection.to))
  ) {
    throw notInSource(describe(selection), source);
  }
  return periods;
}

/** What the database holds now, as far as planning needs it. */
export interface HistoryState {
  readonly source: readonly SourcePeriod[];
  readonly applied: readonly AppliedPeriod[];
  /** Applied periods whose source changed since, in order. */
  readonly changed: readonly SourceChange[];
  /** Rows in the history table; undefined when it does not exist yet. */
  readonly targetRows: number | undefined;
}

export interface PlanRequest {
  readonly selection: PeriodSelection;
  readonly fullRefresh: boolean;
  readonly allowEmpty: boolean;
  /** Apply changed periods again instead of refusing them. */
  readonly replace: boolean;
  /** The date of a period without rows. */
  readonly emptyPeriodDate: string | undefined;
}

export interface RunPlan {
  readonly fullRefresh: boolean;
  readonly inputs: readonly PeriodInput[];
  readonly alreadyApplied: readonly AppliedPeriod[];
  /** A replay: the applied period the history is rewound to first (null: emptied); undefined otherwise. */
  readonly rewindTo: AppliedPeriod | null | undefined;
}

function refuseChange(change: SourceChange, target: string): never {
  if (change.redated !== undefined)
    throw sourceRedated(target, change.period, change.redated.recorded, change.redated.now);
  throw sourceChanged(target, change.period, change.keys);
}

/** Which periods a run applies, refused before anything is written if the request or the history does not allow it. */
export function planRun(state: HistoryState, request: PlanRequest, target: string): RunPlan {
  const sourcePeriods = state.source.map((s) => s.period);
  const inSource = new Set(sourcePeriods);
  if (request.fullRefresh) {
    const kept = state.applied.filter((a) => a.rowsRead === 0 && !inSource.has(a.period));
    const periods = planFullRefresh(
      sourcePeriods,
      kept.map((a) => a.period),
      request.selection,
    );
    const inputs = periodInputs(new PeriodDates(state.source, kept), periods, undefined, request.emptyPeriodDate);
    return { fullRefresh: true, inputs, alreadyApplied: [], rewindTo: undefined };
  }
  const firstChange = state.changed[0];
  if (firstChange !== undefined && !request.replace) refuseChange(firstChange, target);
  const plan = planPeriods(
    sourcePeriods,
    state.applied.map((a) => a.period),
    request.selection,
    request.allowEmpty,
    firstChange?.period,
  );
  // An empty history without periods is what a run killed before its first commit leaves.
  if (state.applied.length === 0 && state.targetRows !== undefined && state.targetRows > 0)
    throw historyWithoutPeriods(target);
  const emptied = state.applied.find((a) => plan.apply.includes(a.period) && a.rowsRead > 0 && !inSource.has(a.period));
  if (emptied !== undefined && !request.allowEmpty) throw nowEmpty(emptied.period, emptied.rowsRead);
  const rewindTo =
    plan.rewindTo === undefined ? undefined : (state.applied.find((a) => a.period === plan.rewindTo) ?? null);
  const after = rewindTo === undefined ? state.applied.at(-1) : (rewindTo ?? undefined);
  return {
    fullRefresh: false,
    inputs: periodInputs(new PeriodDates(state.source, state.applied), plan.apply, after, request.emptyPeriodDate),
    alreadyApplied: state.applied.filter((a) => plan.alreadyApplied.includes(a.period)),
    rewindTo,
  };
}
