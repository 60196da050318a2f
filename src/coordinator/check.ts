import type { DuckDBConnection } from '@duckdb/node-api';
import { type TableConfig, resolveTableConfig } from '../config.js';
import { PERIODS_TABLE, REPORT_SAMPLE_KEYS } from '../constants.js';
import { one, toNumber, withDatabase } from '../db/database.js';
import { badInput } from '../errors.js';
import { raw, render, trackedComparison } from '../sql/index.js';
import { tableFragments } from './context.js';
import { appliedPeriods, describeTable, inspectSource } from './schema.js';

export interface CheckResult {
  readonly name: string;
  readonly description: string;
  readonly violations: number;
  /** Up to REPORT_SAMPLE_KEYS offending keys (or periods), as text. */
  readonly sample: readonly string[];
}

export interface CheckReport {
  readonly ok: boolean;
  readonly targetTable: string;
  readonly periodsChecked: number;
  readonly checks: readonly CheckResult[];
}

const STRUCTURE_CHECKS = [
  ['null_keys', 'check_null_keys', 'no NULL keys'],
  ['multiple_current', 'check_multiple_current', 'at most one current version per key'],
  ['current_flag', 'check_current_flag', 'is_current_record is true exactly when dbt_valid_to is NULL'],
  ['inverted_intervals', 'check_inverted', 'dbt_valid_from is set and before dbt_valid_to'],
  ['overlapping_intervals', 'check_overlap', 'versions of one key do not overlap'],
] as const;

const RECONCILE_CHECKS = [
  ['reconcile_rows', 'check_reconcile_rows', 'every applied period row equals the version valid at its effective date'],
  ['reconcile_counts', 'check_reconcile_counts', 'versions valid at each applied period equal its rows in number'],
] as const;

/** All checks of the history table, read-only; the full-refresh transaction runs them too. */
export async function runChecks(connection: DuckDBConnection, config: TableConfig): Promise<CheckReport> {
  const tracked = trackedComparison(config.trackedColumns);
  const fragments = {
    ...tableFragments(config),
    limit: raw(String(REPORT_SAMPLE_KEYS)),
    snapshot_tracked: tracked.snapshot,
    history_tracked: tracked.history,
    tracked_differs: tracked.differs,
  };
  const applied = await appliedPeriods(connection, config.targetTable);
  const checks: CheckResult[] = [];
  const planned = (await describeTable(connection, PERIODS_TABLE)) === undefined ? STRUCTURE_CHECKS : [...STRUCTURE_CHECKS, ...RECONCILE_CHECKS];
  for (const [name, template, description] of planned) {
    const params = template.startsWith('check_reconcile') ? { target: config.targetTable } : undefined;
    const row = await one<{ violations: bigint; sample: string[] | null }>(connection, render(template, fragments), params);
    checks.push({ name, description, violations: toNumber(row.violations), sample: row.sample ?? [] });
  }
  return { ok: checks.every((c) => c.violations === 0), targetTable: config.targetTable, periodsChecked: applied.length, checks };
}

export interface CheckOptions {
  readonly db: string;
  readonly table?: Partial<TableConfig>;
}

/** `scd-parallel check`: opens the database read-only, so it can never change it. */
export async function checkHistory(options: CheckOptions): Promise<CheckReport> {
  const config = resolveTableConfig(options.table);
  return withDatabase(options.db, { readOnly: true }, async (connection) => {
    await inspectSource(connection, config);
    if ((await describeTable(connection, config.targetTable)) === undefined) {
      throw badInput(`history table ${config.targetTable} does not exist in ${options.db}`);
    }
    return runChecks(connection, config);
  });
}
