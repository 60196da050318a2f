import type { HistorySpec } from '../history-spec.js';
import { KeySpec } from '../key-spec.js';
import { column } from '../quote.js';
import { type Fragment, fragment, statement, templateFragment } from '../template.js';
import { bookkeeping } from './shared.js';

/**
 * The statements of `show` and `diff`, which read a history and never write. The tracked columns
 * travel under positional names (__h_0.., as in reconciliation), so that no user column can clash
 * with a name these templates make up.
 */

/** `[fn(0), fn(1), ...]` over the tracked columns, as one list. */
const perTracked = (spec: HistorySpec, fn: (name: string, i: number) => string): Fragment =>
  fragment(`[${spec.config.trackedColumns.map(fn).join(', ')}]`);

/** The two states of diff/pairs.sql: `f` (at $from) and `t` (at $to), keyed by k0.. */
function diffPairs(spec: HistorySpec): Fragment {
  const key = KeySpec.exchange(spec.key.columns.length);
  const fragments = {
    history_key_as_exchange: spec.key.asExchange('h'),
    paired_key: key.exchangeCoalesce('f', 't'),
    paired_join: key.exchangeJoin('f', 't'),
    paired_was: perTracked(spec, (_, i) => `CAST(f.__h_${i} AS VARCHAR)`),
    paired_now: perTracked(spec, (_, i) => `CAST(t.__h_${i} AS VARCHAR)`),
    paired_differs: perTracked(spec, (_, i) => `f.__h_${i} IS DISTINCT FROM t.__h_${i}`),
  };
  return templateFragment('diff/pairs', fragments, { ...spec.fragments, ...bookkeeping });
}

const sampleLimit = (limit: number) => {
  if (!Number.isInteger(limit) || limit < 0) throw new Error(`bad sample size ${limit}`);
  return fragment(String(limit));
};

export const readStatements = {
  /** Bound: $key_0.. (the key's values as text). `types`: the key columns' types, in key order. */
  keyUncastable: (spec: HistorySpec, types: readonly string[]) =>
    statement('show/key_uncastable', { key_uncastable: spec.key.uncastable(types) }),
  /** Bound: $key_0.., as keyUncastable. */
  keyVersions: (spec: HistorySpec, types: readonly string[]) => {
    const changed = (c: string) => `${column(c, 'h')} IS DISTINCT FROM lag(${column(c, 'h')}) OVER __scd_w`;
    const fragments = { key_matches: spec.key.matchesValues('h', types), tracked_changed: perTracked(spec, changed) };
    return statement('show/key_versions', fragments, spec.fragments);
  },
  /** A key with the most versions, its values as text (k0..), for the demo to suggest. */
  exampleKey: (spec: HistorySpec) => {
    const text = spec.key.columns.map((c, i) => `CAST(${column(c)} AS VARCHAR) AS k${i}`).join(', ');
    const order = KeySpec.exchange(spec.key.columns.length).exchangeList();
    return statement('show/example_key', { key_as_text: fragment(text), key_order: order }, spec.fragments);
  },
  /** Bound: $target (the history's canonical name), $from and $to (applied periods). */
  diffCounts: (spec: HistorySpec, sample: number) =>
    statement('diff/counts', { diff_pairs: diffPairs(spec), limit: sampleLimit(sample) }, spec.fragments),
  /** Bound: as diffCounts, and $top (transitions per column). */
  diffTransitions: (spec: HistorySpec) => statement('diff/transitions', { diff_pairs: diffPairs(spec) }),
};
