import { quotedIdentifier } from '@duckdb/node-api';
import type { HistorySchema } from './history-schema.js';
import type { KeySpec } from './key-spec.js';
import type { Fragment } from './template.js';

/**
 * A version's hash over exactly what `check` reads of it: the key, the validity, the current flag
 * (where the layout has one), dbt_is_deleted (with new_record), and the tracked values (through
 * the tracked-column hash change detection uses). Pass-through columns, dbt_updated_at,
 * dbt_scd_id and record_hash are left out: `check` never reads them, and an edit of them leaves a
 * history it passes. Summed over the versions (a HUGEINT, order-independent) it is the history's
 * fingerprint, which the ledger keeps up to date period by period.
 *
 * `image` 'open' is a version closed at `$effective_date` as it was before the close: open and
 * current. Subtracting it and adding the version as stored updates the sum for a close.
 */
export function versionHash(key: KeySpec, schema: HistorySchema, image: 'stored' | 'open'): Fragment {
  const has = (role: string) => schema.columns.some((c) => c.role === role);
  const name = (role: 'validFrom' | 'validTo' | 'isCurrent' | 'isDeleted') => quotedIdentifier(schema.name(role));
  const open = image === 'open';
  const parts = [
    key.list().sql,
    name('validFrom'),
    open ? schema.openTo().sql : name('validTo'),
    ...(has('isCurrent') ? [open ? 'true' : name('isCurrent')] : []),
    ...(has('isDeleted') ? [name('isDeleted')] : []),
    schema.trackedHash().sql,
  ];
  return { sql: `hash(${parts.join(', ')})` };
}
