import { all, one, toNumber } from '../db/database.js';
import { DEFAULTS, MAX_DIFF_TOP } from '../defaults.js';
import { periodNotApplied } from '../errors/index.js';
import { type AppliedPeriod, appliedPeriods } from '../history/ledger.js';
import { withReadOnlyHistory } from '../history/read-only.js';
import { checkInteger } from '../options/checks.js';
import { SAMPLE_LIMIT, sql } from '../sql/index.js';
import type { CheckOptions } from './check.js';

export const DIFF_REPORT_VERSION = 1;

export interface DiffOptions extends CheckOptions {
  /** Two applied periods; the history's state at each is compared. */
  readonly from: number;
  readonly to: number;
  /** Transitions shown per tracked column, the most frequent first (default DEFAULTS.diffTop). */
  readonly top?: number;
}

/** Keys in one state and not the other, or changed: how many, and the first few in key order (as text). */
export interface DiffKeys {
  readonly keys: number;
  readonly sample: readonly string[];
}

export interface DiffState {
  readonly period: number;
  readonly effectiveDate: string;
  readonly keys: number;
}

/** A tracked column's values, as text (null for NULL), before and after; `keys` that made it. */
export interface Transition {
  readonly from: string | null;
  readonly to: string | null;
  readonly keys: number;
}

export interface ColumnChanges {
  readonly column: string;
  /** Keys in both states whose value of the column differs. */
  readonly keys: number;
  /** Distinct transitions among them; `top` shows the most frequent. */
  readonly transitions: number;
  readonly top: readonly Transition[];
}

export interface DiffReport {
  readonly schemaVersion: typeof DIFF_REPORT_VERSION;
  readonly targetTable: string;
  readonly from: DiffState;
  readonly to: DiffState;
  readonly entered: DiffKeys;
  readonly left: DiffKeys;
  /** Keys in both states with any tracked value different. */
  readonly changed: DiffKeys;
  readonly unchanged: number;
  readonly columns: readonly ColumnChanges[];
}

type Counts = Record<'keys_from' | 'keys_to' | 'entered' | 'left_keys' | 'changed', bigint> &
  Record<'entered_sample' | 'left_sample' | 'changed_sample', string[]>;
type TransitionRow = {
  column_index: bigint;
  was: string | null;
  now: string | null;
  keys: bigint;
  column_keys: unknown;
  transitions: bigint;
};

function appliedAt(applied: readonly AppliedPeriod[], period: number, target: string): AppliedPeriod {
  const found = applied.find((p) => p.period === period);
  if (found === undefined)
    throw periodNotApplied(
      target,
      period,
      applied.map((p) => p.period),
    );
  return found;
}

/**
 * `scd-parallel diff`: what changed between the history's states at two applied periods, from the
 * history and its ledger alone (the source may be gone); read-only.
 */
export async function diffPeriods(options: DiffOptions): Promise<DiffReport> {
  const range = [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] as const;
  const [from, to] = [checkInteger('from', options.from, ...range), checkInteger('to', options.to, ...range)];
  const top = checkInteger('top', options.top ?? DEFAULTS.diffTop, 1, MAX_DIFF_TOP);
  return withReadOnlyHistory(options, async (connection, spec) => {
    const applied = await appliedPeriods(connection, spec);
    const [a, b] = [appliedAt(applied, from, spec.target.text), appliedAt(applied, to, spec.target.text)];
    const params = { target: spec.target.canonical, from, to };
    const c = await one<Counts>(connection, sql.diffCounts(spec, SAMPLE_LIMIT), params);
    const moves = await all<TransitionRow>(connection, sql.diffTransitions(spec), { ...params, top });
    const keys = (n: bigint, sample: string[]): DiffKeys => ({ keys: toNumber(n), sample });
    return {
      schemaVersion: DIFF_REPORT_VERSION,
      targetTable: spec.target.text,
      from: { period: from, effectiveDate: a.effectiveDate, keys: toNumber(c.keys_from) },
      to: { period: to, effectiveDate: b.effectiveDate, keys: toNumber(c.keys_to) },
      entered: keys(c.entered, c.entered_sample),
      left: keys(c.left_keys, c.left_sample),
      changed: keys(c.changed, c.changed_sample),
      unchanged: toNumber(c.keys_from) - toNumber(c.left_keys) - toNumber(c.changed),
      columns: spec.config.trackedColumns.map((column, i) => {
        const mine = moves.filter((m) => toNumber(m.column_index) === i + 1);
        return {
          column,
          keys: toNumber(mine[0]?.column_keys),
          transitions: toNumber(mine[0]?.transitions),
          top: mine.map((m) => ({ from: m.was, to: m.now, keys: toNumber(m.keys) })),
        };
      }),
    };
  });
}
