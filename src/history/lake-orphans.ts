import { rmSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Logger } from 'pino';
import { all, one } from '../db/database.js';
import { type HistorySpec, sql } from '../sql/index.js';
import { rebuildName } from './engine-tables.js';

/**
 * A killed lake run leaves the Parquet files it wrote and never committed: no snapshot holds them.
 * The next run of the history removes them, but only those under its own tables' folders
 * (`<data path>/<schema>/<table>/`): other histories' writers may be writing theirs right now, and
 * DuckLake cannot tell their files, not yet committed, from a dead writer's. A second writer of the
 * same history would conflict with this one at its commit anyway. Returns how many it removed.
 */
export async function removeLakeOrphans(connection: DuckDBConnection, spec: HistorySpec, logger: Logger) {
  const { data_path: dataPath } = await one<{ data_path: string }>(connection, sql.lakeDataPath());
  // Paths are local here; an object store's orphans are left to DuckLake's own cleanup (see the README).
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(dataPath)) return 0;
  const base = dataPath.endsWith('/') ? dataPath : `${dataPath}/`;
  const schema = spec.target.schema ?? 'main';
  const folders = [spec.target, rebuildName(spec.target)].map((t) => `${base}${schema}/${t.table}/`);
  const orphans = (await all<{ path: string }>(connection, sql.lakeOrphans()))
    .map((o) => o.path)
    .filter((path) => folders.some((folder) => path.startsWith(folder)));
  for (const path of orphans) rmSync(path, { force: true });
  if (orphans.length > 0)
    logger.warn({ files: orphans.length, folders }, 'removed files a killed run left in the lake');
  return orphans.length;
}
