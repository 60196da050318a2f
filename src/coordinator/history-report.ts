import { type TableConfig, resolveTableConfig } from '../config.js';
import { PERIODS_TABLE } from '../constants.js';
import { all, one, toNumber, withDatabase } from '../db/database.js';
import { badInput } from '../errors.js';
import { render } from '../sql/index.js';
import { tableFragments } from './context.js';
import { describeTable } from './schema.js';

export interface AppliedPeriod {
  readonly period: number;
  readonly effectiveDate: string;
  readonly appliedAt: string;
  readonly rowsRead: number;
  readonly newVersions: number;
  readonly changedVersions: number;
  readonly removedVersions: number;
}

export interface HistoryReport {
  readonly targetTable: string;
  readonly versions: number;
  readonly currentVersions: number;
  readonly keys: number;
  readonly periods: readonly AppliedPeriod[];
}

interface PeriodRow {
  period: bigint;
  effective_date: string;
  applied_at: string;
  rows_read: bigint;
  new_versions: bigint;
  changed_versions: bigint;
  removed_versions: bigint;
}

/** `scd-parallel report`: what the history holds and which periods built it; read-only. */
export async function reportHistory(options: { readonly db: string; readonly table?: Partial<TableConfig> }): Promise<HistoryReport> {
  const config = resolveTableConfig(options.table);
  const fragments = tableFragments(config);
  return withDatabase(options.db, { readOnly: true }, async (connection) => {
    if ((await describeTable(connection, config.targetTable)) === undefined) {
      throw badInput(`history table ${config.targetTable} does not exist in ${options.db}`);
    }
    const summary = await one<{ versions: bigint; current_versions: bigint; keys: bigint }>(connection, render('history_summary', fragments));
    const periods =
      (await describeTable(connection, PERIODS_TABLE)) === undefined
        ? []
        : await all<PeriodRow>(connection, render('periods_list', fragments), { target: config.targetTable });
    return {
      targetTable: config.targetTable,
      versions: toNumber(summary.versions),
      currentVersions: toNumber(summary.current_versions),
      keys: toNumber(summary.keys),
      periods: periods.map((p) => ({
        period: toNumber(p.period),
        effectiveDate: p.effective_date,
        appliedAt: p.applied_at,
        rowsRead: toNumber(p.rows_read),
        newVersions: toNumber(p.new_versions),
        changedVersions: toNumber(p.changed_versions),
        removedVersions: toNumber(p.removed_versions),
      })),
    };
  });
}
