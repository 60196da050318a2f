import { one, toNumber } from '../db/database.js';
import { DEFAULTS, MAX_REPORT_RUNS } from '../defaults.js';
import { type AppliedPeriod, appliedPeriods } from '../history/ledger.js';
import { readHistoryFigures } from '../history/period-figures.js';
import { withReadOnlyHistory } from '../history/read-only.js';
import type { HistoryFigures } from '../model/history-figures.js';
import { type MonitoringReport, readMonitoring } from '../monitoring/read.js';
import { checkInteger } from '../options/checks.js';
import { sql } from '../sql/index.js';
import type { CheckOptions } from './check.js';

/** What `scd-parallel report` shows: the history's size and the periods that built it. */
export interface HistoryReport {
  readonly targetTable: string;
  readonly sourceTable: string;
  readonly keyColumns: readonly string[];
  readonly trackedColumns: readonly string[];
  readonly versions: number;
  readonly currentVersions: number;
  readonly keys: number;
  readonly periods: readonly AppliedPeriod[];
  /** From the monitoring tables: null before the first recorded run. */
  readonly monitoring: MonitoringReport | null;
  /** The history period by period; null unless asked for (`historyFigures`). */
  readonly history: HistoryFigures | null;
}

export interface ReportOptions extends CheckOptions {
  /** How many recent runs SLA compliance is measured over (default DEFAULTS.reportRuns). */
  readonly runs?: number;
  /** Also read the history period by period (what the HTML page shows): two scans of its versions. */
  readonly historyFigures?: boolean;
}

/** `scd-parallel report`, read-only. */
export async function reportHistory(options: ReportOptions): Promise<HistoryReport> {
  const runs = checkInteger('runs', options.runs ?? DEFAULTS.reportRuns, 1, MAX_REPORT_RUNS);
  return withReadOnlyHistory(options, async (connection, spec) => {
    const periods = await appliedPeriods(connection, spec);
    const summary = await one<{ versions: bigint; current_versions: bigint; keys: bigint }>(
      connection,
      sql.historySummary(spec),
    );
    return {
      targetTable: spec.target.text,
      sourceTable: spec.source.text,
      keyColumns: spec.config.keyColumns,
      trackedColumns: spec.config.trackedColumns,
      versions: toNumber(summary.versions),
      currentVersions: toNumber(summary.current_versions),
      keys: toNumber(summary.keys),
      periods,
      monitoring: await readMonitoring(connection, spec, runs),
      history: options.historyFigures === true ? await readHistoryFigures(connection, spec, periods) : null,
    };
  });
}
