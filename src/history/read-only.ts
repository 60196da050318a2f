import type { DuckDBConnection } from '@duckdb/node-api';
import { withDatabase } from '../db/database.js';
import type { LakeSettings } from '../db/lake.js';
import { runSnapshot } from '../db/lake-commits.js';
import { historyMissing, optionsConflict } from '../errors/index.js';
import type { TableLayer } from '../options/table-config.js';
import type { HistorySpec } from '../sql/index.js';
import { proveHistory } from './ownership.js';
import { resolveHistory } from './resolve.js';

/** Where a read-only command finds a history: the database file, or a lake (with the file for a table source). */
export interface ReadOptions {
  readonly db: string;
  /** Tables and columns; what is left out comes from the history's recorded settings. */
  readonly table?: TableLayer;
  /** The history lives in this DuckLake; `db` is then only where a table source is read from. */
  readonly lake?: LakeSettings;
}

/** The place a history is missing from, as a message names it. */
export const historyPlace = (options: ReadOptions): string =>
  options.lake === undefined ? options.db : `lake ${options.lake.catalog}`;

/**
 * Opens the database (or attaches the lake) read-only, so that nothing can be written. A lake asked
 * for as a run left it is attached at that run's last snapshot, found first.
 */
export async function withReadOnlyDatabase<T>(
  options: ReadOptions,
  fn: (connection: DuckDBConnection) => Promise<T>,
): Promise<T> {
  const { db, lake } = options;
  if (lake?.run === undefined) return withDatabase(db, { readOnly: true, lake }, fn);
  if (lake.snapshot !== undefined) throw optionsConflict('lake.run', 'lake.snapshot');
  const now = { ...lake, run: undefined };
  const snapshot = await withDatabase(db, { readOnly: true, lake: now }, (c) => runSnapshot(c, lake.run as string));
  return withDatabase(db, { readOnly: true, lake: { ...now, snapshot } }, fn);
}

/**
 * Opens `db` (or the lake) read-only and finds the history for report, as-of, show, diff and
 * export: by the caller's settings over the recorded ones, proved to be the engine's. (check reads
 * the source between the two, so that a source's errors come first; it keeps its own steps.)
 */
export async function withReadOnlyHistory<T>(
  options: ReadOptions,
  fn: (connection: DuckDBConnection, spec: HistorySpec) => Promise<T>,
): Promise<T> {
  return withReadOnlyDatabase(options, async (connection) => {
    const { spec, recorded } = await resolveHistory(connection, options.table ?? {});
    if ((await proveHistory(connection, spec, recorded)) === undefined)
      throw historyMissing(spec.target.text, historyPlace(options));
    return fn(connection, spec);
  });
}
