import { type TableConfig, resolveTableConfig } from '../config.js';
import { one, toNumber, withDatabase } from '../db/database.js';
import { badInput } from '../errors.js';
import { render } from '../sql/index.js';
import { tableFragments } from './context.js';
import { type AppliedPeriod, appliedPeriods, describeTable } from './schema.js';

export type { AppliedPeriod };

export interface HistoryReport {
  readonly targetTable: string;
  readonly versions: number;
  readonly currentVersions: number;
  readonly keys: number;
  readonly periods: readonly AppliedPeriod[];
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
    return {
      targetTable: config.targetTable,
      versions: toNumber(summary.versions),
      currentVersions: toNumber(summary.current_versions),
      keys: toNumber(summary.keys),
      periods: await appliedPeriods(connection, config.targetTable),
    };
  });
}
