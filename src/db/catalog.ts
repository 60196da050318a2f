import type { DuckDBConnection, DuckDBType } from '@duckdb/node-api';
import {
  type Column,
  type Fragment,
  type Home,
  LAKE_ALIAS,
  SOURCE_ALIAS,
  type SourceSpec,
  sql,
  type TableName,
} from '../sql/index.js';
import { all, exec, one, toNumber } from './database.js';

/** The catalogs the connection reads names in (see Home). */
export async function readHome(connection: DuckDBConnection): Promise<Home> {
  const home = await one<{ catalog: string; source_catalog: string | null }>(connection, sql.currentCatalog(), {
    source_catalog: SOURCE_ALIAS,
  });
  return { catalog: home.catalog, sourceCatalog: home.source_catalog, lake: home.catalog === LAKE_ALIAS };
}

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
export async function relationOf(
  connection: DuckDBConnection,
  name: TableName,
): Promise<{ kind: 'table' | 'view'; comment: string | null } | undefined> {
  return (
    await all<{ kind: 'table' | 'view'; comment: string | null }>(connection, sql.relationKind(), name.lookup)
  )[0];
}

/** Whether `name` is a table, a view, or nothing. */
export async function relationKind(
  connection: DuckDBConnection,
  name: TableName,
): Promise<'table' | 'view' | undefined> {
  return (await relationOf(connection, name))?.kind;
}

/** The types of `columns` of `relation`, as DuckDB binds them now (see source/column_types.sql). */
export async function columnTypes(
  connection: DuckDBConnection,
  relation: Fragment,
  columns: readonly string[],
): Promise<Map<string, DuckDBType>> {
  const prepared = await connection.prepare(sql.columnTypes(relation, columns).text);
  try {
    return new Map(columns.map((c, i) => [c, prepared.columnType(i)]));
  } finally {
    prepared.destroySync();
  }
}

/** The collations that compare byte for byte, as DuckDB names them. */
const BINARY = new Set(['', 'binary', 'c', 'posix']);

export interface Collation {
  readonly collation: string;
  /** From the database's default_collation, not the column's own. */
  readonly byDefault: boolean;
}

/**
 * The collation of each of the text columns `columns` of `relation` that compares other than byte
 * for byte (source/collations_probe.sql), with the database's default_collation for those without one.
 */
export async function textCollations(
  connection: DuckDBConnection,
  relation: Fragment,
  columns: readonly string[],
): Promise<Map<string, Collation>> {
  const probe = await (async () => {
    try {
      await exec(connection, sql.collationsProbe(relation, columns));
      return await one<{ ddl: string; default_collation: string }>(connection, sql.collationsRead());
    } finally {
      await exec(connection, sql.collationsDrop());
    }
  })();
  // The probe's columns are c0, c1, ... in the order of `columns`: `c0 VARCHAR COLLATE NOCASE`.
  const declared = [...probe.ddl.matchAll(/\bc(\d+) VARCHAR COLLATE ([^,)\s]+)/g)];
  const own = new Map(declared.map((m) => [columns[Number(m[1])] as string, m[2] as string]));
  const found = new Map<string, Collation>();
  for (const column of columns) {
    const collation = own.get(column) ?? probe.default_collation;
    if (!BINARY.has(collation.toLowerCase())) found.set(column, { collation, byDefault: !own.has(column) });
  }
  return found;
}
