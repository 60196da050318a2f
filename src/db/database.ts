import { closeSync, existsSync, openSync, readSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { cannotOpen, errorMessage, notADatabase, ScdError } from '../errors/index.js';
import { faultPoint } from '../faults.js';
import { type Statement, sql } from '../sql/index.js';
import { classifyDuckdbError, type ResourceContext, translateDuckdbErrors } from './duckdb-errors.js';
import { attachLake, connect, isLakeInstance, type LakeSettings } from './lake.js';

export type Params = Record<string, DuckDBValue> | DuckDBValue[];

export interface DatabaseOptions {
  readonly threads?: number;
  readonly memoryLimitBytes?: number;
  readonly tempDirectory?: string;
  readonly readOnly?: boolean;
  /** The history lives in this lake; `path` is then only where a table source is read from. */
  readonly lake?: LakeSettings;
}

function instanceConfig(options: DatabaseOptions): Record<string, string> {
  const config: Record<string, string> = {};
  if (options.threads !== undefined) config.threads = String(options.threads);
  if (options.memoryLimitBytes !== undefined) config.memory_limit = `${options.memoryLimitBytes}B`;
  if (options.tempDirectory !== undefined) config.temp_directory = options.tempDirectory;
  // A lake instance's own database is in memory; what it must not write is attached read-only.
  if (options.readOnly && options.lake === undefined) config.access_mode = 'READ_ONLY';
  if (options.lake?.extensionDirectory !== undefined) config.extension_directory = options.lake.extensionDirectory;
  return config;
}

const DUCKDB_MAGIC = 'DUCK';
const HEADER_BYTES = 12;

/** The first bytes of `path` (fewer, for a shorter file); throws the file system's error. */
function readHeader(path: string): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  const fd = openSync(path, 'r');
  try {
    return header.subarray(0, readSync(fd, header, 0, HEADER_BYTES, 0));
  } finally {
    closeSync(fd);
  }
}

const isDuckdbHeader = (header: Buffer) => header.toString('latin1', 8, 12) === DUCKDB_MAGIC;

/**
 * Whether the file at `path` is a DuckDB database, by its header: a file never to be written over.
 * It opens and closes the file, so it is for files this process does not hold open as a database
 * (closing any descriptor of one drops the process's lock on it).
 */
export function isDuckdbFile(path: string): boolean {
  return isDuckdbHeader(readHeader(path));
}

/** A file DuckDB would open as something else (a Parquet file opens as a view) is refused before it is opened. */
function checkHeader(path: string): void {
  if (path === ':memory:' || !existsSync(path)) return;
  let header: Buffer;
  try {
    header = readHeader(path);
  } catch (error) {
    throw cannotOpen(path, errorMessage(error));
  }
  if (header.length > 0 && !isDuckdbHeader(header)) throw notADatabase(path, 'no DuckDB header');
}

/** A database file a command created, with its WAL, once closed. */
export function removeDatabaseFiles(db: string): void {
  for (const file of [db, `${db}.wal`]) rmSync(file, { force: true });
}

export function memoryLimitText(options: DatabaseOptions): string | undefined {
  return options.memoryLimitBytes === undefined ? undefined : `${options.memoryLimitBytes} bytes`;
}

/** The limit and the spill directory an instance runs with: given, or DuckDB's default beside the database. */
function resourceContext(path: string, options: DatabaseOptions): ResourceContext {
  const spillDirectory = resolve(options.tempDirectory ?? (path === ':memory:' ? '.tmp' : `${path}.tmp`));
  return { memoryLimit: memoryLimitText(options), spillDirectory };
}

/** Turns DuckDB's open failures into errors a user can act on. */
function openError(path: string, error: unknown, options: DatabaseOptions): ScdError {
  const message = errorMessage(error);
  const classified = classifyDuckdbError(error, path, resourceContext(path, options));
  if (classified !== undefined) return classified;
  if (/not a valid DuckDB database|not a DuckDB database|file is not a/i.test(message))
    return notADatabase(path, message);
  return cannotOpen(path, message);
}

export async function openInstance(path: string, options: DatabaseOptions = {}): Promise<DuckDBInstance> {
  checkHeader(path);
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(options.lake === undefined ? path : ':memory:', instanceConfig(options));
  } catch (error) {
    throw openError(path, error, options);
  }
  // Not in the config: DuckDB loads ICU, which the time zone needs, only after it.
  try {
    const connection = await instance.connect();
    try {
      await exec(connection, sql.timezoneUtc());
      if (options.lake !== undefined) await attachLake(instance, connection, path, options.lake, !!options.readOnly);
    } finally {
      connection.closeSync();
    }
  } catch (error) {
    instance.closeSync();
    throw error instanceof ScdError ? error : openError(path, error, options);
  }
  return instance;
}

/**
 * Closing an instance checkpoints it, and swallows a failure to (a full disk: the close reports
 * nothing, and what was committed stays in the WAL). A command that wrote checkpoints before it
 * closes, so that such a failure is reported, exit 5.
 */
export async function checkpointBeforeClose(connection: DuckDBConnection): Promise<void> {
  await faultPoint('close', 0);
  await exec(connection, sql.checkpoint());
}

/** One instance and one connection, both released however `fn` ends; what `fn` wrote is checkpointed. */
export async function withDatabase<T>(
  path: string,
  options: DatabaseOptions,
  fn: (connection: DuckDBConnection) => Promise<T>,
): Promise<T> {
  const instance = await openInstance(path, options);
  try {
    const connection = await connect(instance);
    try {
      return await translateDuckdbErrors(path, resourceContext(path, options), async () => {
        const result = await fn(connection);
        // A lake commits its snapshots as they go; there, CHECKPOINT runs DuckLake's maintenance
        // (the user's to schedule).
        if (!options.readOnly && !isLakeInstance(instance)) await checkpointBeforeClose(connection);
        return result;
      });
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

/** Runs a statement the SQL module built, its values bound as `params`. */
export async function exec(connection: DuckDBConnection, statement: Statement, params?: Params): Promise<void> {
  await connection.run(statement.text, params);
}

/** Runs a statement that writes, and says how many rows it wrote (inserted, updated or deleted). */
export async function changeRows(connection: DuckDBConnection, statement: Statement, params?: Params): Promise<number> {
  return toNumber((await connection.run(statement.text, params)).rowsChanged);
}

export async function all<T>(connection: DuckDBConnection, statement: Statement, params?: Params): Promise<T[]> {
  const reader = await connection.runAndReadAll(statement.text, params);
  return reader.getRowObjectsJS() as T[];
}

/** Rows as JSON values (numbers past 2^53 and decimals as text, dates as 'YYYY-MM-DD'), for reports printed as JSON. */
export async function allJson(
  connection: DuckDBConnection,
  statement: Statement,
  params?: Params,
): Promise<Record<string, unknown>[]> {
  return (await connection.runAndReadAll(statement.text, params)).getRowObjectsJson() as Record<string, unknown>[];
}

export async function one<T>(connection: DuckDBConnection, statement: Statement, params?: Params): Promise<T> {
  const rows = await all<T>(connection, statement, params);
  if (rows.length !== 1) throw new Error(`expected one row, got ${rows.length}`);
  return rows[0] as T;
}

/** Failures after which withTransaction rolled its transaction back. */
const rolledBack = new WeakSet<object>();

/** Whether `error` ended a transaction of withTransaction that was then rolled back. */
export function wasRolledBack(error: unknown): boolean {
  return typeof error === 'object' && error !== null && rolledBack.has(error);
}

/**
 * Commits what `fn` did, or rolls it back if `fn` or the COMMIT throws (the error is rethrown).
 * `commit` wraps the COMMIT itself, for a caller that times it.
 */
export async function withTransaction<T>(
  connection: DuckDBConnection,
  fn: () => Promise<T>,
  commit: (run: () => Promise<void>) => Promise<void> = (run) => run(),
): Promise<T> {
  await exec(connection, sql.begin());
  try {
    const result = await fn();
    await commit(() => exec(connection, sql.commit()));
    return result;
  } catch (error) {
    // A COMMIT a signal interrupts reports INTERRUPT, but may have committed: there is nothing to
    // roll back then. Or it leaves its transaction open and aborted, which only a ROLLBACK ends.
    // Measured on DuckDB 1.5: interrupted 1-80 ms into a 3M-row COMMIT, 7 of 7 had committed;
    // interrupted as it started, 33 of 40 had not, 7 had. A failed ROLLBACK (nothing left to roll
    // back, or DuckDB invalidated the database after a fatal IO error) must not hide why.
    const undone = await exec(connection, sql.rollback()).then(
      () => true,
      () => false,
    );
    if (undone && typeof error === 'object' && error !== null) rolledBack.add(error);
    throw error;
  }
}

/** Wall-clock milliseconds as a TIMESTAMP value DuckDB reads: 'YYYY-MM-DD HH:MM:SS.fff' (UTC). */
export function timestampText(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

export function toNumber(value: unknown): number {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number') return value;
  if (value === null || value === undefined) return 0;
  return Number(value);
}
