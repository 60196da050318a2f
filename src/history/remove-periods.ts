import type { DuckDBConnection } from '@duckdb/node-api';
import { changeRows, exec, one, toNumber } from '../db/database.js';
import { rewindFailed } from '../errors/index.js';
import { type HistorySpec, sql } from '../sql/index.js';
import type { AppliedPeriod } from './ledger.js';

export interface Rewound {
  /** Versions first seen after the kept period, deleted. */
  readonly versionsDeleted: number;
  /** Versions closed after the kept period, current again. */
  readonly versionsReopened: number;
}

/**
 * Inside a transaction: the history returns to exactly its state after `keep` was applied, or to
 * empty when `keep` is null. Versions first seen after its date go, versions closed after it are
 * reopened, and the ledger forgets the later periods. Validity bounds are applied periods' dates,
 * which increase with the period, so the date alone tells what came after.
 */
export async function rewindTo(
  connection: DuckDBConnection,
  spec: HistorySpec,
  keep: AppliedPeriod | null,
): Promise<Rewound> {
  const params = { effective_date: keep?.effectiveDate ?? null };
  const versionsDeleted = await changeRows(connection, sql.rewindDelete(spec), params);
  const versionsReopened = keep === null ? 0 : await changeRows(connection, sql.rewindReopen(spec), params);
  await exec(connection, sql.periodsRewind(), { target: spec.target.canonical, period: keep?.period ?? null });
  return { versionsDeleted, versionsReopened };
}

interface RewindCheckRow {
  current_rows: bigint;
  duplicate_current: bigint;
  fingerprint: string;
  flag_mismatch: bigint;
  future_bounds: bigint;
}

/**
 * Inside the rewind's transaction, which it fails: the current versions must be what `keep`
 * recorded when it was applied, checked against the ledger, not the source (which may have changed
 * since: that is often why one rewinds). Tombstones are not counted.
 */
export async function verifyRewind(
  connection: DuckDBConnection,
  spec: HistorySpec,
  keep: AppliedPeriod | null,
): Promise<void> {
  const row = await one<RewindCheckRow>(connection, sql.verifyRewind(spec), {
    effective_date: keep?.effectiveDate ?? '9999-12-31',
  });
  const failures: string[] = [];
  const expected = keep?.rowsRead ?? 0;
  const current = toNumber(row.current_rows);
  // With hard deletes ignored, keys that left stay current beside the period's own: only a lower bound holds.
  const recorded = keep === null ? 'an empty history' : `period ${keep.period}`;
  if (spec.config.hardDeletes === 'ignore' ? current < expected : current !== expected) {
    failures.push(`${current} current versions for the ${expected} rows ${recorded} recorded`);
  } else if (spec.config.hardDeletes !== 'ignore' && row.fingerprint !== (keep?.fingerprint ?? '0')) {
    // Also what a DuckDB upgrade that changed hash() looks like, until a run records fingerprints again.
    failures.push(`the current versions' fingerprint differs from the one ${recorded} recorded`);
  }
  if (toNumber(row.duplicate_current) > 0)
    failures.push(`${row.duplicate_current} keys have more than one current version`);
  if (toNumber(row.flag_mismatch) > 0)
    failures.push(`${row.flag_mismatch} versions have is_current_record inconsistent with dbt_valid_to`);
  if (toNumber(row.future_bounds) > 0) failures.push(`${row.future_bounds} versions have bounds after the period`);
  if (failures.length > 0) throw rewindFailed(keep?.period ?? null, failures);
}
