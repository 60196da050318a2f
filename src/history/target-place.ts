import type { DuckDBConnection } from '@duckdb/node-api';
import { all } from '../db/database.js';
import { targetPlace } from '../errors/index.js';
import { sql, type TableName } from '../sql/index.js';

/**
 * Why no history table can be created where `target` names it, or undefined. Its catalog must be
 * attached, writable and not DuckDB's own (system; temp, whose tables go when the database closes),
 * and its schema not one of DuckDB's own (information_schema, pg_catalog, which resolve from every
 * catalog). A `schema.table` whose schema also names a catalog is ambiguous to DuckDB. A schema of
 * the database that does not exist yet is no problem: it is created with the table.
 */
async function placeProblem(connection: DuckDBConnection, target: TableName): Promise<string | undefined> {
  type Database = { database_name: string; internal: boolean; readonly: boolean };
  const databases = await all<Database>(connection, sql.databases());
  const named = (name: string) => databases.find((d) => d.database_name.toLowerCase() === name.toLowerCase());
  const { catalog, schema } = target;
  if (catalog !== null) {
    const database = named(catalog);
    if (database === undefined) return `catalog ${catalog} does not exist`;
    const temporary = database.database_name === 'temp';
    if (temporary) return `catalog ${catalog} holds temporary tables, lost when the database closes`;
    if (database.internal) return `catalog ${catalog} is DuckDB's internal catalog`;
    if (database.readonly) return `catalog ${catalog} is read-only`;
  }
  if (schema === null) return undefined;
  const reserved = await all<{ schema_name: string }>(connection, sql.reservedSchemas());
  const own = reserved.some((s) => s.schema_name.toLowerCase() === schema.toLowerCase());
  if (own) return `schema ${schema} is DuckDB's own and read-only`;
  const ambiguous = catalog === null && named(schema) !== undefined;
  if (ambiguous) return `${schema} names a catalog too, so DuckDB cannot tell which is meant`;
  return undefined;
}

/** Refuses, before anything is written, a new history table where none can be created. */
export async function checkTargetPlace(connection: DuckDBConnection, target: TableName): Promise<void> {
  const why = await placeProblem(connection, target);
  if (why !== undefined) throw targetPlace(target.text, why, `main.${target.table}`);
}
