import type { DuckDBConnection } from '@duckdb/node-api';
import { type Column, type SourceSpec, type TableName, sql } from '../sql/index.js';
import { all, one, toNumber } from './database.js';

/** A relation's columns in order, or undefined when there is no relation of that name. */
export async function describeRelation(connection: DuckDBConnection, name: TableName): Promise<Column[] | undefined> {
  const rows = await all<{ column_name: string; data_type: string }>(connection, sql.describe(), name.lookup);
  if (rows.length === 0) return undefined;
  return rows.map((r) => ({ name: r.column_name, type: r.data_type }));
}

/** A source's columns in order, or undefined when there is no such table or its glob matches no file. */
export async function describeSource(connection: DuckDBConnection, source: SourceSpec): Promise<Column[] | undefined> {
  if (source.kind === 'table') return describeRelation(connection, source.table);
  const { files } = await one<{ files: bigint }>(connection, sql.sourceFiles(), { glob: source.glob });
  if (toNumber(files) === 0) return undefined;
  const rows = await all<{ column_name: string; data_type: string }>(connection, sql.describeSource(source));
  return rows.map((r) => ({ name: r.column_name, type: r.data_type }));
}

/** Whether `name` is a table or a view, with its comment; undefined when there is nothing of that name. */
export async function relationOf(connection: DuckDBConnection, name: TableName): Promise<{ kind: 'table' | 'view'; comment: string | null } | undefined> {
  return (await all<{ kind: 'table' | 'view'; comment: string | null }>(connection, sql.relationKind(), name.lookup))[0];
}

/** Whether `name` is a table, a view, or nothing. */
export async function relationKind(connection: DuckDBConnection, name: TableName): Promise<'table' | 'view' | undefined> {
  return (await relationOf(connection, name))?.kind;
}
