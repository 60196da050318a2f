import { column } from './quote.js';
import { type Fragment, fragment, templateFragment } from './template.js';

/** Internal names of the `i`th tracked column's values in a version's key's previous version and in it. */
const before = (i: number) => `__scd_before_${i}`;
const after = (i: number) => `__scd_after_${i}`;

/**
 * monitoring/history_transitions.sql's pairs of `tracked`'s values: the previous version's (`t`) beside the
 * version's (`h`), each column by its index, as its names may be anything.
 */
export function trackedPairs(tracked: readonly string[]): Fragment {
  const pair = (c: string, i: number) => `${column(c, 't')} AS ${before(i)}, ${column(c, 'h')} AS ${after(i)}`;
  return fragment(tracked.map(pair).join(', '));
}

/** Each tracked column's most frequent transitions (monitoring/history_transition_top.sql), as one relation. */
export function trackedTops(columns: number): Fragment {
  const top = (i: number) =>
    templateFragment('monitoring/history_transition_top', {
      column_index: fragment(String(i)),
      before: fragment(before(i)),
      after: fragment(after(i)),
    });
  return fragment(Array.from({ length: columns }, (_, i) => top(i).sql).join('\nUNION ALL\n'));
}
