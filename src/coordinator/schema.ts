import type { DuckDBConnection } from '@duckdb/node-api';
import type { TableConfig } from '../config.js';
import { PERIODS_TABLE } from '../constants.js';
import { all, toNumber } from '../db/database.js';
import { badInput } from '../errors.js';
import { ident, render } from '../sql/index.js';

export interface Column {
  readonly name: string;
  readonly type: string;
  /** The expression of a generated column, as DuckDB prints it. */
  readonly expression: string | null;
}

/** Columns the history adds; a source column of the same name would be shadowed. */
export const SCD_COLUMNS = [
  'record_hash',
  'dbt_scd_id',
  'dbt_valid_from',
  'dbt_valid_to',
  'dbt_updated_at',
  'is_current_record',
] as const;

const INTEGER_TYPES = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'HUGEINT']);

export async function describeTable(connection: DuckDBConnection, table: string): Promise<Column[] | undefined> {
  const rows = await all<{ column_name: string; data_type: string; column_default: string | null }>(connection, render('describe'), { table });
  if (rows.length === 0) return undefined;
  return rows.map((r) => ({ name: r.column_name, type: r.data_type, expression: r.column_default }));
}

function requireColumn(columns: readonly Column[], table: string, role: string, name: string): Column {
  const column = columns.find((c) => c.name === name);
  if (column === undefined) {
    throw badInput(`${role} column ${name} is missing from ${table} (columns: ${columns.map((c) => c.name).join(', ')})`);
  }
  return column;
}

/** The source's shape, checked against the config before anything is written. */
export async function inspectSource(connection: DuckDBConnection, config: TableConfig): Promise<Column[]> {
  const columns = await describeTable(connection, config.sourceTable);
  if (columns === undefined) throw badInput(`source table ${config.sourceTable} does not exist`);
  const table = config.sourceTable;
  requireColumn(columns, table, 'key', config.keyColumn);
  const period = requireColumn(columns, table, 'period', config.periodColumn);
  if (!INTEGER_TYPES.has(period.type)) {
    throw badInput(`period column ${period.name} must be an integer type, got ${period.type}`);
  }
  const effective = requireColumn(columns, table, 'effective-date', config.effectiveDateColumn);
  if (effective.type !== 'DATE') {
    throw badInput(`effective-date column ${effective.name} must be DATE, got ${effective.type}`);
  }
  const roles = new Set([config.keyColumn, config.periodColumn, config.effectiveDateColumn]);
  for (const tracked of config.trackedColumns) {
    requireColumn(columns, table, 'tracked', tracked);
    if (roles.has(tracked)) throw badInput(`tracked column ${tracked} is also the key, period or effective-date column`);
  }
  if (new Set(config.trackedColumns).size !== config.trackedColumns.length) {
    throw badInput(`tracked columns repeat a name: ${config.trackedColumns.join(', ')}`);
  }
  const clash = columns.find((c) => (SCD_COLUMNS as readonly string[]).includes(c.name));
  if (clash !== undefined) throw badInput(`source column ${clash.name} clashes with a history column`);
  if (config.sourceTable === config.targetTable) throw badInput(`source and target are the same table ${table}`);
  return columns;
}

/** The tracked columns a history's record_hash was created with: DuckDB prints `CAST(hash(a, "b c") AS "UBIGINT")`. */
function trackedColumnsOf(target: readonly Column[]): string[] | undefined {
  const expression = target.find((c) => c.name === 'record_hash')?.expression ?? '';
  const inner = /hash\((.*)\)\s+AS\s/i.exec(expression)?.[1];
  return inner?.split(',').map((name) => name.trim().replace(/^"(.*)"$/, '$1').replaceAll('""', '"'));
}

/**
 * An existing history must have the columns this source would give it, in order and type, and
 * its record_hash must hash the configured tracked columns.
 */
export function checkTargetShape(target: readonly Column[], source: readonly Column[], config: TableConfig): void {
  const targetTable = config.targetTable;
  const expected = [
    ...source.map((c) => `${c.name} ${c.type}`),
    'record_hash UBIGINT',
    'dbt_scd_id VARCHAR',
    'dbt_valid_from DATE',
    'dbt_valid_to DATE',
    'dbt_updated_at TIMESTAMP',
    'is_current_record BOOLEAN',
  ];
  const actual = target.map((c) => `${c.name} ${c.type}`);
  if (expected.join(',') !== actual.join(',')) {
    const missing = expected.filter((e) => !actual.includes(e));
    const extra = actual.filter((a) => !expected.includes(a));
    throw badInput(
      `history table ${targetTable} does not match the source (missing: ${missing.join(', ') || 'none'}; unexpected: ${extra.join(', ') || 'none'}); rebuild it with --full-refresh`,
    );
  }
  const tracked = trackedColumnsOf(target);
  if (tracked === undefined || tracked.join(',') !== config.trackedColumns.join(',')) {
    throw badInput(
      `history table ${targetTable} tracks ${tracked?.join(', ') ?? 'unknown columns'}, not ${config.trackedColumns.join(', ')}; rebuild it with --full-refresh`,
    );
  }
}

export interface AppliedPeriod {
  readonly period: number;
  readonly effectiveDate: string;
  readonly appliedAt: string;
  readonly rowsRead: number;
  readonly newVersions: number;
  readonly changedVersions: number;
  readonly removedVersions: number;
}

/** The periods recorded as applied to `targetTable`, in order; none before the first run created the bookkeeping table. */
export async function appliedPeriods(connection: DuckDBConnection, targetTable: string): Promise<AppliedPeriod[]> {
  if ((await describeTable(connection, PERIODS_TABLE)) === undefined) return [];
  const rows = await all<{
    period: bigint;
    effective_date: string;
    applied_at: string;
    rows_read: bigint;
    new_versions: bigint;
    changed_versions: bigint;
    removed_versions: bigint;
  }>(connection, render('periods_applied', { periods: ident(PERIODS_TABLE) }), { target: targetTable });
  return rows.map((p) => ({
    period: toNumber(p.period),
    effectiveDate: p.effective_date,
    appliedAt: p.applied_at,
    rowsRead: toNumber(p.rows_read),
    newVersions: toNumber(p.new_versions),
    changedVersions: toNumber(p.changed_versions),
    removedVersions: toNumber(p.removed_versions),
  }));
}
