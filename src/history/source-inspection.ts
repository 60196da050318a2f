import type { DuckDBConnection } from '@duckdb/node-api';
import { describeSource } from '../db/catalog.js';
import {
  clashesWithHistory,
  columnMissing,
  columnsRepeat,
  effectiveDateNotDate,
  keyTypeUnsupported,
  periodNotInteger,
  reservedPrefix,
  sameTable,
  sourceFilesMissing,
  sourceMissing,
  trackedHasRole,
} from '../errors/index.js';
import { refuseEngineSource } from './engine-tables.js';
import { type Column, DATE_TYPE, type HistorySpec, INTEGER_TYPES, INTERNAL_PREFIX, KEY_TYPES, baseType } from '../sql/index.js';

function requireColumn(columns: readonly Column[], table: string, role: string, name: string): Column {
  const column = columns.find((c) => c.name === name);
  if (column === undefined) throw columnMissing(role, name, table, columns.map((c) => c.name));
  return column;
}

const repeats = (names: readonly string[]) => new Set(names).size !== names.length;

/** The source's columns, checked against the history's spec before anything is written. */
export async function inspectSource(connection: DuckDBConnection, spec: HistorySpec): Promise<Column[]> {
  const config = spec.config;
  const table = spec.source.text;
  // Before anything else about it: the engine's own tables are no snapshot, whatever their columns.
  if (spec.source.kind === 'table') await refuseEngineSource(connection, spec.source.table);
  const columns = await describeSource(connection, spec.source);
  if (columns === undefined) throw spec.source.kind === 'files' ? sourceFilesMissing(table) : sourceMissing(table);
  for (const key of config.keyColumns) {
    const column = requireColumn(columns, table, 'key', key);
    if (!KEY_TYPES.has(baseType(column.type))) throw keyTypeUnsupported(column.name, column.type);
  }
  if (repeats(config.keyColumns)) throw columnsRepeat('key columns', config.keyColumns);
  const period = requireColumn(columns, table, 'period', config.periodColumn);
  if (!INTEGER_TYPES.has(period.type)) throw periodNotInteger(period.name, period.type);
  const roles = new Set([...config.keyColumns, config.periodColumn]);
  if (config.effectiveDateRule === 'column') {
    const effective = requireColumn(columns, table, 'effective-date', config.effectiveDateColumn);
    if (effective.type !== DATE_TYPE) throw effectiveDateNotDate(effective.name, effective.type);
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
  return columns;
}

/** The key columns' types, for a worker's empty exchange relation. */
export function keyTypes(columns: readonly Column[], spec: HistorySpec): string[] {
  return spec.key.columns.map((key) => requireColumn(columns, spec.source.text, 'key', key).type);
}
