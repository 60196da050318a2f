import type { DuckDBConnection } from '@duckdb/node-api';
import { describeRelation } from '../db/catalog.js';
import { all, exec } from '../db/database.js';
import { foreignAsOfMacro } from '../errors/index.js';
import { type HistorySpec, sql, type TableName } from '../sql/index.js';

/**
 * The as-of macro installed with a history: `<target>_as_of(period)`, beside the target, giving
 * the versions valid at that applied period's effective date with the source's columns (sql/as_of.sql).
 */
export function asOfMacro(spec: HistorySpec): TableName {
  return spec.target.sibling(`${spec.target.table}_as_of`);
}

/** The comment that marks the macro as the engine's, naming its history: a user's macro has another, or none. */
const mark = (spec: HistorySpec) => `scd-parallel as-of macro of ${spec.target.canonical}`;

/** The history's columns that come from the source: all but the SCD columns. */
export async function sourceColumnsOf(connection: DuckDBConnection, spec: HistorySpec): Promise<string[]> {
  const scd = new Set(spec.schema.columnNames());
  return ((await describeRelation(connection, spec.target)) ?? [])
    .map((c) => c.name)
    .filter((c) => !scd.has(c.toLowerCase()));
}

/**
 * Whether the history's macro is installed: true when it is the engine's, false when there is no
 * function of its name. Any other function or macro of that name is a user's: refused, exit 2,
 * before anything is written, and never replaced.
 */
export async function asOfMacroInstalled(connection: DuckDBConnection, spec: HistorySpec): Promise<boolean> {
  // A lake keeps no macro (DuckLake cannot mark one as the engine's); nothing is missing there.
  if (spec.inLake) return true;
  const macro = asOfMacro(spec);
  const found = await all<{ function_type: string; comment: string | null }>(
    connection,
    sql.functionsNamed(),
    macro.lookup,
  );
  if (found.some((f) => f.function_type !== 'table_macro' || f.comment !== mark(spec)))
    throw foreignAsOfMacro(macro.text);
  return found.length > 0;
}

/**
 * Creates (or replaces) the engine's macro over the history's current columns, inside the
 * caller's transaction: the one that creates the history, or a run's on a history that lacks it.
 * Only after asOfMacroInstalled found no one else's.
 */
export async function installAsOfMacro(connection: DuckDBConnection, spec: HistorySpec): Promise<void> {
  if (spec.inLake) return;
  const macro = asOfMacro(spec);
  await exec(connection, sql.asOfMacroCreate(spec, macro, await sourceColumnsOf(connection, spec)));
  await exec(connection, sql.asOfMacroMark(macro, mark(spec)));
}
