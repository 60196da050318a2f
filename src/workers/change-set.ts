import type { DuckDBConnection } from '@duckdb/node-api';
import { all, exec, type Params, toNumber } from '../db/database.js';
import { type Fragment, ident, parquetFiles, sql, subquery } from '../sql/index.js';
import type { ChangeSetCounts } from './messages.js';

/**
 * Where a change set goes: a temporary table (inline, read by the apply on the same connection) or
 * a Parquet file (a worker's: written straight from the join, never materialized in between).
 */
export type ChangeSetTarget = { readonly table: string } | { readonly file: string };

/**
 * Writes the change set (k0.., action) of a snapshot against the current versions to `target`,
 * and counts it. Shared by the workers and the inline path, so both classify alike.
 */
export async function computeChangeSet(
  connection: DuckDBConnection,
  keyColumns: number,
  snapshot: Fragment,
  current: Fragment,
  target: ChangeSetTarget,
  params?: Params,
): Promise<ChangeSetCounts> {
  const changeSet = sql.changeSet(keyColumns, snapshot, current);
  let changes: Fragment;
  if ('table' in target) {
    await exec(connection, sql.changeSetTable(target.table, changeSet), params);
    changes = ident(target.table);
  } else {
    await exec(connection, sql.copyToExchange(subquery(changeSet), target.file), params);
    changes = parquetFiles([target.file]);
  }
  return countChangeSet(connection, changes, snapshot, params);
}

/** Counts a written change set `changes` of `snapshot`: what the apply and the run report need. */
export async function countChangeSet(
  connection: DuckDBConnection,
  changes: Fragment,
  snapshot: Fragment,
  params?: Params,
): Promise<ChangeSetCounts> {
  const [counts] = await all<{
    rows_read: bigint;
    new_versions: bigint;
    changed_versions: bigint;
    removed_versions: bigint;
    change_rows: bigint;
  }>(connection, sql.changeSetCounts(changes, snapshot), params);
  if (counts === undefined) throw new Error('change set count returned no row');
  const rowsRead = toNumber(counts.rows_read);
  const newVersions = toNumber(counts.new_versions);
  const changedVersions = toNumber(counts.changed_versions);
  return {
    rowsRead,
    newVersions,
    changedVersions,
    removedVersions: toNumber(counts.removed_versions),
    unchanged: rowsRead - newVersions - changedVersions,
    changeRows: toNumber(counts.change_rows),
  };
}
