import type { DuckDBConnection } from '@duckdb/node-api';
import { withDatabase } from '../db/database.js';
import { historyMissing } from '../errors/index.js';
import type { TableLayer } from '../options/table-config.js';
import type { HistorySpec } from '../sql/index.js';
import { proveHistory } from './ownership.js';
import { resolveHistory } from './resolve.js';

/**
 * Opens `db` read-only, so nothing can be written, and finds the history for report, as-of, show
 * and diff: by the caller's settings over the recorded ones, proved to be the engine's. (check
 * reads the source between the two, so that a source's errors come first; it keeps its own steps.)
 */
export async function withReadOnlyHistory<T>(
  db: string,
  table: TableLayer | undefined,
  fn: (connection: DuckDBConnection, spec: HistorySpec) => Promise<T>,
): Promise<T> {
  return withDatabase(db, { readOnly: true }, async (connection) => {
    const { spec, recorded } = await resolveHistory(connection, table ?? {});
    if ((await proveHistory(connection, spec, recorded)) === undefined) throw historyMissing(spec.target.text, db);
    return fn(connection, spec);
  });
}
