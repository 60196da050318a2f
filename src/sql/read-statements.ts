import { BOOKKEEPING, type HistorySpec } from './history-spec.js';
import { KeySpec } from './key-spec.js';
import { column } from './quote.js';
import { type Fragment, fragment, render } from './template.js';

/**
 * The statements of `show` and `diff`, which read a history and never write; part of `sql`. The
 * tracked columns travel under positional names (__h_0.., as in reconciliation), so that no
 * user column can clash with a name these templates make up.
 */

/** `[fn(0), fn(1), ...]` over the tracked columns, as one list. */
const perTracked = (spec: HistorySpec, fn: (name: string, i: number) => string): Fragment =>
  fragment(`[${spec.config.trackedColumns.map(fn).join(', ')}]`);

/** The two states of diff_pairs.sql: `f` (at $from) and `t` (at $to), keyed by k0.. */
function diffPairs(spec: HistorySpec): Fragment {
  const key = KeySpec.exchange(spec.key.columns.length);
  return fragment(
    render('diff_pairs', {
      ...spec.fragments,
      periods: BOOKKEEPING.periods.sql,
      history_key_as_exchange: spec.key.asExchange('h'),
      paired_key: key.exchangeCoalesce('f', 't'),
      paired_join: key.exchangeJoin('f', 't'),
      paired_was: perTracked(spec, (_, i) => `CAST(f.__h_${i} AS VARCHAR)`),
      paired_now: perTracked(spec, (_, i) => `CAST(t.__h_${i} AS VARCHAR)`),
      paired_differs: perTracked(spec, (_, i) => `f.__h_${i} IS DISTINCT FROM t.__h_${i}`),
    }),
  );
}

const sampleLimit = (limit: number) => {
  if (!Number.isInteger(limit) || limit < 0) throw new Error(`bad sample size ${limit}`);
  return limit;
};

export const readStatements = {
  /** Bound: $key_0.. (the key's values as text). `types`: the key columns' types, in key order. */
  keyUncastable: (spec: HistorySpec, types: readonly string[]) =>
    render('key_uncastable', { key_uncastable: spec.key.uncastable(types) }),
  /** Bound: $key_0.., as keyUncastable. */
  keyVersions: (spec: HistorySpec, types: readonly string[]) =>
    render('key_versions', {
      ...spec.fragments,
      key_matches: spec.key.matchesValues('h', types),
      tracked_changed: perTracked(spec, (c) => {
        const value = column(c, 'h');
        return `${value} IS DISTINCT FROM lag(${value}) OVER __scd_w`;
      }),
    }),
  /** Bound: $target (the history's canonical name), $from and $to (applied periods). */
  diffCounts: (spec: HistorySpec, sample: number) => {
    const limit = sampleLimit(sample);
    return render('diff_counts', { ...spec.fragments, diff_pairs: diffPairs(spec), limit: fragment(String(limit)) });
  },
  /** Bound: as diffCounts, and $top (transitions per column). */
  diffTransitions: (spec: HistorySpec) => render('diff_transitions', { diff_pairs: diffPairs(spec) }),
};
