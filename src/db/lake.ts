import { existsSync } from 'node:fs';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { cannotOpenLake, errorMessage, lakeUnavailable } from '../errors/index.js';
import { type LakeAttachOptions, LakeCatalog, sql } from '../sql/index.js';

/**
 * A history in a DuckLake: the catalog (--lake), the data path a new lake is made with (--lake-data;
 * DuckLake records it, and refuses another), where DuckDB finds the extensions, and, for a reader,
 * a snapshot to attach the lake as it was then.
 */
export interface LakeSettings {
  /** `sqlite:PATH`, `postgres:LIBPQ` or a DuckDB file's path (see LakeCatalog). */
  readonly catalog: string;
  readonly dataPath?: string;
  /** DuckDB's extension_directory: `<dir>/v1.5.5/linux_amd64/ducklake.duckdb_extension` and its scanners. */
  readonly extensionDirectory?: string;
  /** For a reader: the lake as snapshot `snapshot` left it (DuckLake's time travel)... */
  readonly snapshot?: number;
  /** ...or as the engine's run `run` left it: its last commit. Not with `snapshot`. */
  readonly run?: string;
}

/** The instances whose connections must USE the lake; their main database is an empty in-memory one. */
const lakeInstances = new WeakSet<DuckDBInstance>();

export const isLakeInstance = (instance: DuckDBInstance): boolean => lakeInstances.has(instance);

/**
 * A connection of `instance`. A lake instance's connections USE the lake, so that every table the
 * engine names without a catalog is the lake's (USE holds per connection, not per instance).
 */
export async function connect(instance: DuckDBInstance): Promise<DuckDBConnection> {
  const connection = await instance.connect();
  if (!lakeInstances.has(instance)) return connection;
  try {
    await connection.run(sql.lakeUse().text);
  } catch (error) {
    connection.closeSync();
    throw error;
  }
  return connection;
}

/**
 * Loads DuckLake and attaches `db` (read-only, when it exists: the source may live there) and the
 * lake (read-only for a reader). DuckLake loads the SQLite or PostgreSQL scanner it needs itself,
 * from the same directory.
 */
export async function attachLake(
  instance: DuckDBInstance,
  connection: DuckDBConnection,
  db: string,
  lake: LakeSettings,
  readOnly: boolean,
): Promise<void> {
  try {
    await connection.run(sql.lakeLoad().text);
  } catch (error) {
    throw lakeUnavailable(lake.extensionDirectory, errorMessage(error).split('\n')[0] ?? '');
  }
  if (existsSync(db)) await connection.run(sql.lakeAttachSource(db).text);
  const options: LakeAttachOptions = { dataPath: lake.dataPath, readOnly, snapshot: lake.snapshot };
  const attach = sql.lakeAttach(LakeCatalog.parse(lake.catalog), options);
  for (let attempt = 1; ; attempt++) {
    try {
      await connection.run(attach.text);
      break;
    } catch (error) {
      const message = errorMessage(error);
      if (attempt >= CREATION_ATTEMPTS || !lostCreation(message))
        throw cannotOpenLake(lake.catalog, message.split('\n')[0] ?? '');
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 100 * attempt));
    }
  }
  lakeInstances.add(instance);
}

/**
 * The first attach of a new lake creates its catalog, and first runs attaching one new PostgreSQL
 * catalog at once all try: the losers fail in PostgreSQL (a duplicate key in pg_type; found by the
 * Dagster example's writers, 7 of 30 first runs in pairs) once the winner's catalog is committed.
 * Attached again, they find the lake made.
 */
const CREATION_ATTEMPTS = 5;
const lostCreation = (message: string) =>
  message.includes('Failed to initialize DuckLake') && /duplicate key value|already exists/.test(message);
