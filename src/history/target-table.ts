import type { DuckDBConnection } from '@duckdb/node-api';
import { relationKind } from '../db/catalog.js';
import { exec, one, toNumber } from '../db/database.js';
import { notEngineHistory } from '../errors/index.js';
import { BOOKKEEPING, type Column, type HistorySpec, MONITORING_COLUMNS, type MonitoringTable, monitoringTable, sql } from '../sql/index.js';
import { installAsOfMacro } from './as-of-macro.js';
import { recordSettings } from './settings.js';

/**
 * The history table's rows, or undefined when it does not exist. Only a table the engine created
 * (it has recorded settings) may be written: a user's table or view of that name, or one of the
 * engine's bookkeeping tables, is refused before anything is written.
 */
export async function ownedTargetRows(connection: DuckDBConnection, spec: HistorySpec, recorded: boolean): Promise<number | undefined> {
  const monitoring = Object.keys(MONITORING_COLUMNS).map((t) => monitoringTable(spec.target, t as MonitoringTable));
  if ([...Object.values(BOOKKEEPING), ...monitoring].some((t) => t.sameAs(spec.target))) throw notEngineHistory(spec.target.text, 'table');
  const kind = await relationKind(connection, spec.target);
  if (kind === undefined) return undefined;
  if (kind === 'view' || !recorded) throw notEngineHistory(spec.target.text, kind);
  return toNumber((await one<{ n: bigint }>(connection, sql.targetRows(spec))).n);
}

/** Creates the history table (and its schema), inside the caller's transaction. */
export async function createTable(connection: DuckDBConnection, spec: HistorySpec, source: readonly Column[]): Promise<void> {
  const schema = spec.target.schemaSql;
  if (schema !== null) await exec(connection, sql.schemaCreate(schema));
  await exec(connection, sql.targetCreate(spec, source));
}

/**
 * Drops (if it exists) and creates the history with its as-of macro, and records its settings;
 * inside the caller's transaction. Only ever called on a table ownedTargetRows accepted, or none.
 */
export async function recreateHistory(connection: DuckDBConnection, spec: HistorySpec, source: readonly Column[], createdAt: string): Promise<void> {
  await exec(connection, sql.tableDrop(spec.target));
  await createTable(connection, spec, source);
  await installAsOfMacro(connection, spec);
  await recordSettings(connection, spec, createdAt);
}
