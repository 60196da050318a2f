import { randomUUID } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { describeRelation, relationOf } from '../db/catalog.js';
import { exec } from '../db/database.js';
import { notEngineHistory, notOurHistory } from '../errors/index.js';
import { type Column, type HistorySpec, sql } from '../sql/index.js';
import { refuseEngineTarget } from './engine-tables.js';
import type { RecordedSettings } from './settings.js';

/*
 * A table is a history of the engine's only when it proves it: the engine writes a mark on each
 * history table it creates (a table comment holding a random token) and records the token with the
 * history's settings, in the same transaction. A settings row alone proves nothing: a user may drop
 * the history and create a table of the same name, and that table is never dropped, renamed,
 * rewound or written. The mark survives renames and every write, and CREATE TABLE AS (a copy) does
 * not take it. EXPORT/IMPORT DATABASE does not keep comments either: an imported history is refused
 * until its comment is written again with its recorded token.
 *
 * Histories recorded before marks existed have no token. They keep working, but only on proof of
 * their shape (every SCD column with its type, and the key, period and tracked columns): a user's
 * table of another shape is refused. The run's first write marks them, keeping a comment the
 * table had in front of the mark, as adopting a dbt snapshot does with its documentation.
 *
 * The ledger, the settings and the monitoring tables carry no mark: the engine never drops or
 * rewrites them, it inserts and deletes only rows naming its own histories, a user's table of their
 * names is refused by its columns (earlierLedger, foreignMonitoring), and the names are the engine's.
 */

const MARK_MISSING = 'its mark is missing: the table was replaced, or its comment changed';
const SHAPE_MISSING = "it lacks the history's columns: the table was replaced";

export const newToken = (): string => randomUUID();

const historyMark = (spec: HistorySpec, token: string) => `scd-parallel history ${spec.target.canonical} ${token}`;

const carriesMark = (comment: string | null, mark: string) =>
  comment === mark || comment?.endsWith(`\n${mark}`) === true;

/** Writes the history's mark on its table, after the comment it `kept` (if any); in the caller's transaction. */
export async function markHistory(
  connection: DuckDBConnection,
  spec: HistorySpec,
  token: string,
  kept: string | null,
): Promise<void> {
  const mark = historyMark(spec, token);
  await exec(connection, sql.tableMark(spec.target, kept === null || kept === '' ? mark : `${kept}\n${mark}`));
}

/** Marks a history recorded before marks, and records its token; in the caller's transaction (its first write). */
export async function markUnmarked(
  connection: DuckDBConnection,
  spec: HistorySpec,
  kept: string | null,
): Promise<void> {
  const token = newToken();
  await markHistory(connection, spec, token, kept);
  await exec(connection, sql.historiesCreate());
  await exec(connection, sql.historiesMark(), { token, target: spec.target.canonical });
}

/** The columns a history recorded with `recorded`'s settings has, whatever its source gave it. */
function hasHistoryShape(columns: readonly Column[], spec: HistorySpec): boolean {
  const typed = new Set(columns.map((c) => `${c.name} ${c.type}`));
  const names = new Set(columns.map((c) => c.name));
  const c = spec.config;
  const dated = c.effectiveDateRule === 'column' ? [c.effectiveDateColumn] : [];
  const roles = [...c.keyColumns, c.periodColumn, ...c.trackedColumns, ...dated];
  return spec.schema.columns.every((s) => typed.has(`${s.name} ${s.type}`)) && roles.every((r) => names.has(r));
}

/** A table the engine may act on as the history `spec`: what proved it, and its comment as found. */
export interface Proof {
  /** Recorded before marks: proved by its shape only, and marked by the next write. */
  readonly unmarked: boolean;
  readonly comment: string | null;
}

/**
 * Whether the history's table exists (undefined when it does not) and is the one the engine
 * created, proved as above; anything else of its name is refused, exit 2, and left untouched.
 * `recorded`: the history's recorded settings, undefined when none are.
 */
export async function proveHistory(
  connection: DuckDBConnection,
  spec: HistorySpec,
  recorded: RecordedSettings | undefined,
): Promise<Proof | undefined> {
  await refuseEngineTarget(connection, spec.target);
  const found = await relationOf(connection, spec.target);
  if (found === undefined) return undefined;
  if (found.kind === 'view' || recorded === undefined) throw notEngineHistory(spec.target.text, found.kind);
  const token = recorded.tableToken;
  if (token !== null) {
    if (!carriesMark(found.comment, historyMark(spec, token))) throw notOurHistory(spec.target.text, MARK_MISSING);
    return { unmarked: false, comment: found.comment };
  }
  const columns = (await describeRelation(connection, spec.target)) ?? [];
  if (!hasHistoryShape(columns, spec.withConfig(recorded.config))) throw notOurHistory(spec.target.text, SHAPE_MISSING);
  return { unmarked: true, comment: found.comment };
}

/**
 * Inside the transaction that drops the history to put another in its place (a full refresh's
 * swap): the table there now is the one proved when the run was planned, minutes or hours ago.
 */
export async function stillProved(
  connection: DuckDBConnection,
  spec: HistorySpec,
  planned: Proof | undefined,
): Promise<void> {
  const found = await relationOf(connection, spec.target);
  if (found === undefined) return;
  if (planned === undefined || found.kind !== 'table' || found.comment !== planned.comment) {
    throw notOurHistory(spec.target.text, MARK_MISSING);
  }
}
