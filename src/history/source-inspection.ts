import { type DuckDBConnection, type DuckDBType, DuckDBTypeId } from '@duckdb/node-api';
import { columnTypes, describeSource, relationKind, textCollations } from '../db/catalog.js';
import { inputFailure } from '../db/duckdb-errors.js';
import {
  clashesWithHistory,
  collated,
  columnMissing,
  columnsRepeat,
  effectiveDateNotDate,
  keyHasRole,
  keyTypeUnsupported,
  periodNotInteger,
  reservedPrefix,
  sameTable,
  sourceFilesMissing,
  sourceMissing,
  sourceUnreadable,
  trackedHasRole,
  trackedTypeInexact,
} from '../errors/index.js';
import {
  baseType,
  type Column,
  DATE_TYPE,
  type Fragment,
  type HistorySpec,
  INTEGER_TYPES,
  INTERNAL_PREFIX,
  inexactPart,
  KEY_TYPES,
} from '../sql/index.js';
import { refuseEngineSource } from './engine-tables.js';

function requireColumn(columns: readonly Column[], table: string, role: string, name: string): Column {
  const column = columns.find((c) => c.name === name);
  if (column === undefined)
    throw columnMissing(
      role,
      name,
      table,
      columns.map((c) => c.name),
    );
  return column;
}

const repeats = (names: readonly string[]) => new Set(names).size !== names.length;

/**
 * The source as a message names it, where reading it can fail on what the user gave: its files,
 * or a view. Undefined for a table, whose values are typed when written: a failure to read one is
 * not the input's.
 */
async function fallibleSource(connection: DuckDBConnection, spec: HistorySpec): Promise<string | undefined> {
  if (spec.source.kind === 'files') return `source files ${spec.source.text}`;
  return (await relationKind(connection, spec.source.table)) === 'view' ? `source view ${spec.source.text}` : undefined;
}

/**
 * `read` of the source, where DuckDB's failure is bad input naming the files or the view: a file
 * the glob matches that is not Parquet (empty, or garbage), hive-partitioned and other files in
 * one glob, a view over a table that was dropped, a view's cast that fails on some rows. Memory,
 * disk and interrupts keep their own class.
 */
export async function readingSource<T>(
  connection: DuckDBConnection,
  spec: HistorySpec,
  read: () => Promise<T>,
): Promise<T> {
  try {
    return await read();
  } catch (error) {
    const cause = inputFailure(error);
    const label = cause === undefined ? undefined : await fallibleSource(connection, spec);
    if (label === undefined) throw error;
    throw sourceUnreadable(label, cause as string);
  }
}

/** The key and tracked columns' types in `relation`, refused where change detection could not be exact. */
async function exactTypes(
  connection: DuckDBConnection,
  spec: HistorySpec,
  relation: Fragment,
): Promise<Map<string, DuckDBType>> {
  const types = await columnTypes(connection, relation, [...spec.config.keyColumns, ...spec.config.trackedColumns]);
  for (const tracked of spec.config.trackedColumns) {
    const type = types.get(tracked) as DuckDBType;
    const inexact = inexactPart(type);
    if (inexact !== undefined) throw trackedTypeInexact(tracked, type.toString(), inexact.toString());
  }
  return types;
}

/** The spec with the types its history holds (the source's when it was made): for what reads the history alone. */
export async function typedByHistory(connection: DuckDBConnection, spec: HistorySpec): Promise<HistorySpec> {
  return spec.typed(await exactTypes(connection, spec, spec.target.sql));
}

/**
 * The source's key and tracked columns' types, refused where change detection could not be exact
 * or text would not compare byte for byte.
 */
async function valueTypes(connection: DuckDBConnection, spec: HistorySpec): Promise<Map<string, DuckDBType>> {
  const config = spec.config;
  const named = [...config.keyColumns, ...config.trackedColumns];
  const types = await readingSource(connection, spec, () => exactTypes(connection, spec, spec.source.sql));
  const text = named.filter((c) => types.get(c)?.typeId === DuckDBTypeId.VARCHAR);
  if (text.length === 0) return types;
  const collations = await readingSource(connection, spec, () => textCollations(connection, spec.source.sql, text));
  for (const column of named) {
    const found = collations.get(column);
    const role = config.keyColumns.includes(column) ? 'key' : 'tracked';
    if (found !== undefined) throw collated(role, column, found.collation, found.byDefault);
  }
  return types;
}

export interface SourceShape {
  readonly columns: Column[];
  /** The key and tracked columns' types, for HistorySpec.typed. */
  readonly types: ReadonlyMap<string, DuckDBType>;
}

/** The source's columns, checked against the history's spec before anything is written. */
export async function inspectSource(connection: DuckDBConnection, spec: HistorySpec): Promise<SourceShape> {
  const config = spec.config;
  const table = spec.source.text;
  // Before anything else about it: the engine's own tables are no snapshot, whatever their columns.
  if (spec.source.kind === 'table') await refuseEngineSource(connection, spec.source.table);
  const columns = await readingSource(connection, spec, () => describeSource(connection, spec.source));
  if (columns === undefined) throw spec.source.kind === 'files' ? sourceFilesMissing(table) : sourceMissing(table);
  for (const key of config.keyColumns) {
    const column = requireColumn(columns, table, 'key', key);
    if (!KEY_TYPES.has(baseType(column.type))) throw keyTypeUnsupported(column.name, column.type);
  }
  if (repeats(config.keyColumns)) throw columnsRepeat('key columns', config.keyColumns);
  const period = requireColumn(columns, table, 'period', config.periodColumn);
  if (!INTEGER_TYPES.has(period.type)) throw periodNotInteger(period.name, period.type);
  // A key holding the period (or its date) is new in every period: a history of one version a row.
  if (config.keyColumns.includes(config.periodColumn)) throw keyHasRole(config.periodColumn, 'period');
  const roles = new Set([...config.keyColumns, config.periodColumn]);
  if (config.effectiveDateRule === 'column') {
    const effective = requireColumn(columns, table, 'effective-date', config.effectiveDateColumn);
    if (effective.type !== DATE_TYPE) throw effectiveDateNotDate(effective.name, effective.type);
    const dated = config.keyColumns.includes(config.effectiveDateColumn);
    if (dated) throw keyHasRole(config.effectiveDateColumn, 'effective-date');
    roles.add(config.effectiveDateColumn);
  }
  for (const tracked of config.trackedColumns) {
    requireColumn(columns, table, 'tracked', tracked);
    if (roles.has(tracked)) throw trackedHasRole(tracked);
  }
  if (repeats(config.trackedColumns)) throw columnsRepeat('tracked columns', config.trackedColumns);
  // DuckDB compares column names case-insensitively: DBT_VALID_FROM clashes too.
  const clash = columns.find((c) => spec.schema.columnNames().includes(c.name.toLowerCase()));
  if (clash !== undefined) throw clashesWithHistory(clash.name);
  const reserved = columns.find((c) => c.name.toLowerCase().startsWith(INTERNAL_PREFIX));
  if (reserved !== undefined) throw reservedPrefix(reserved.name, INTERNAL_PREFIX);
  if (spec.source.isTable(spec.target)) throw sameTable(table);
  return { columns, types: await valueTypes(connection, spec) };
}

/** The key columns' types, for a worker's empty exchange relation. */
export function keyTypes(columns: readonly Column[], spec: HistorySpec): string[] {
  return spec.key.columns.map((key) => requireColumn(columns, spec.source.text, 'key', key).type);
}
