import { quotedIdentifier } from '@duckdb/node-api';
import type { HistorySchema } from './history-schema.js';
import { type Fragment, fragment } from './template.js';

/**
 * A version's hash over exactly what `check` reads of it: the key and tracked values (as `rowHash`
 * hashes them, exactly, for the snapshot's fingerprint: one hash where a statement computes both),
 * the validity, the current flag (where the layout has one) and dbt_is_deleted (with new_record).
 * Pass-through columns, dbt_updated_at, dbt_scd_id and record_hash are left out: `check` never
 * reads them, and an edit of them leaves a history it passes. Summed over the versions (a HUGEINT,
 * order-independent) it is the history's fingerprint, and over the current ones theirs, which the
 * ledger keeps period by period.
 */
export function versionHash(rowHash: Fragment, schema: HistorySchema): Fragment {
  const has = (role: string) => schema.columns.some((c) => c.role === role);
  const name = (role: 'validFrom' | 'validTo' | 'isCurrent' | 'isDeleted') => quotedIdentifier(schema.name(role));
  const parts = [
    rowHash.sql,
    name('validFrom'),
    name('validTo'),
    ...(has('isCurrent') ? [name('isCurrent')] : []),
    ...(has('isDeleted') ? [name('isDeleted')] : []),
  ];
  return fragment(`hash(${parts.join(', ')})`);
}

/**
 * A fingerprint of rows, as the ledger keeps them: an aggregate of their `hash`es summed (order-free,
 * a HUGEINT), 0 for no rows; `filter` narrows the rows of the aggregate.
 */
export function fingerprint(hash: Fragment, filter?: Fragment): Fragment {
  return fragment(`coalesce(sum(${hash.sql})${filter === undefined ? '' : ` FILTER (WHERE ${filter.sql})`}, 0)`);
}

/** The fingerprint of the versions closed at `$effective_date`, as stored: an aggregate over a history's rows. */
export function closedFingerprint(rowHash: Fragment, schema: HistorySchema): Fragment {
  const closedHere = fragment(`${quotedIdentifier(schema.name('validTo'))} = ${schema.at('effective_date').sql}`);
  return fingerprint(versionHash(rowHash, schema), closedHere);
}
