import type { DuckDBConnection } from '@duckdb/node-api';
import { type Params, all, exec, toNumber } from '../db/database.js';
import { type Fragment, fileList, ident, raw, render } from '../sql/index.js';
import type { ChunkCounts } from './messages.js';

/** A (k, h) relation from Parquet files, or an empty one of the right types when there are none. */
export function keyHashRelation(files: readonly string[], keyType: string): Fragment {
  if (files.length === 0) return raw(`(SELECT CAST(NULL AS ${keyType}) AS k, CAST(NULL AS UBIGINT) AS h WHERE false)`);
  return raw(`read_parquet(${fileList(files).sql})`);
}

export type ChangeSetCounts = ChunkCounts & { readonly changeRows: number };

/**
 * Materializes the change set (k, action) of a snapshot against the current versions as the
 * temporary table `table`, and counts it. Shared by the workers and the inline path, so both
 * classify alike.
 */
export async function computeChangeSet(
  connection: DuckDBConnection,
  snapshot: Fragment,
  current: Fragment,
  table: string,
  params?: Params,
): Promise<ChangeSetCounts> {
  const name = ident(table).sql;
  await exec(connection, `CREATE OR REPLACE TEMP TABLE ${name} AS ${render('change_set', { snapshot, current })}`, params);
  const [counts] = await all<{ rows_read: bigint; n: bigint; c: bigint; r: bigint; total: bigint }>(
    connection,
    `SELECT
       (SELECT count(*) FROM ${snapshot.sql}) AS rows_read,
       count(*) FILTER (WHERE action = 'N') AS n,
       count(*) FILTER (WHERE action = 'C') AS c,
       count(*) FILTER (WHERE action = 'R') AS r,
       count(*) AS total
     FROM ${name}`,
    params,
  );
  if (counts === undefined) throw new Error('change set count returned no row');
  const rowsRead = toNumber(counts.rows_read);
  const newVersions = toNumber(counts.n);
  const changedVersions = toNumber(counts.c);
  return {
    rowsRead,
    newVersions,
    changedVersions,
    removedVersions: toNumber(counts.r),
    unchanged: rowsRead - newVersions - changedVersions,
    changeRows: toNumber(counts.total),
  };
}
