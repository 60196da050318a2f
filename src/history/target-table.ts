import type { DuckDBConnection } from '@duckdb/node-api';
import { exec, one, toNumber } from '../db/database.js';
import { type Column, type HistorySpec, sql } from '../sql/index.js';
import { installAsOfMacro } from './as-of-macro.js';
import { markHistory, newToken, type Proof, proveHistory } from './ownership.js';
import type { RecordedSettings } from './settings.js';
import { recordSettings } from './settings.js';
import { checkTargetPlace } from './target-place.js';

/** The history table a run or rewind may write, as found. */
export interface OwnedTarget extends Proof {
  readonly rows: number;
}

/**
 * The history table, or undefined when it does not exist (and may be created where it is named).
 * Only a table the engine created and marked may be written: a user's table or view of that name,
 * or one of the engine's own tables, is refused before anything is written (src/history/ownership.ts).
 */
export async function ownedTarget(
  connection: DuckDBConnection,
  spec: HistorySpec,
  recorded: RecordedSettings | undefined,
): Promise<OwnedTarget | undefined> {
  const proof = await proveHistory(connection, spec, recorded);
  if (proof === undefined) {
    await checkTargetPlace(connection, spec.target);
    return undefined;
  }
  return { ...proof, rows: toNumber((await one<{ n: bigint }>(connection, sql.targetRows(spec))).n) };
}

/** Creates the history table (and its schema), inside the caller's transaction. */
export async function createTable(
  connection: DuckDBConnection,
  spec: HistorySpec,
  source: readonly Column[],
): Promise<void> {
  const schema = spec.target.schemaSql;
  if (schema !== null) await exec(connection, sql.schemaCreate(schema));
  await exec(connection, sql.targetCreate(spec, source));
}

/**
 * Drops (if it exists) and creates the history with its mark and as-of macro, and records its
 * settings; inside the caller's transaction. Only ever called on a table ownedTarget accepted, or none.
 */
export async function recreateHistory(
  connection: DuckDBConnection,
  spec: HistorySpec,
  source: readonly Column[],
  createdAt: string,
): Promise<void> {
  const token = newToken();
  await exec(connection, sql.tableDrop(spec.target));
  await createTable(connection, spec, source);
  await markHistory(connection, spec, token, null);
  await installAsOfMacro(connection, spec);
  await recordSettings(connection, spec, createdAt, token);
}
