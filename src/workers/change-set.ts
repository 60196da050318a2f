import type { DuckDBConnection } from '@duckdb/node-api';
import { type Params, all, exec, toNumber } from '../db/database.js';
import { type Fragment, sql } from '../sql/index.js';
import type { ChangeSetCounts } from './messages.js';

/**
 * Materializes the change set (k0.., action) of a snapshot against the current versions as the
 * temporary table `table`, and counts it. Shared by the workers and the inline path, so both
 * classify alike.
 */
export async function computeChangeSet(
  connection: DuckDBConnection,
  keyColumns: number,
  snapshot: Fragment,
  current: Fragment,
  table: string,
  params?: Params,
): Promise<ChangeSetCounts> {
  await exec(connection, sql.changeSet(keyColumns, table, snapshot, current), params);
  const [counts] = await all<{ rows_read: bigint; new_versions: bigint; changed_versions: bigint; removed_versions: bigint; change_rows: bigint }>(
    connection,
    sql.changeSetCounts(table, snapshot),
    params,
  );
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
