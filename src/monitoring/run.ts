import type { DuckDBConnection } from '@duckdb/node-api';
import type { Logger } from 'pino';
import { timestampText, withTransaction } from '../db/database.js';
import { noteLakeCommit } from '../db/lake-commits.js';
import type { RunReport } from '../model/run-report.js';
import type { HistorySpec } from '../sql/index.js';
import { breachSeverity, runCategory, writeMonitoring } from './record.js';

/**
 * A run's row in mon_performance_metrics, and its SLA breaches (the run's, and each period's), in a
 * transaction of their own once every period committed: a run killed before has none. Runs that
 * applied nothing are not recorded (they would flatter SLA compliance). A breach is also a warning,
 * logged after the periods' progress lines.
 */
export async function recordRunMonitoring(
  connection: DuckDBConnection,
  spec: HistorySpec,
  run: { readonly runId: string; readonly startedAtMs: number; readonly logger: Logger },
  report: RunReport,
): Promise<void> {
  const t = report.totals;
  if (t.periodsApplied === 0) return;
  const target_table = spec.target.canonical;
  const finishedAtMs = Date.now();
  // The run's, and each period's when periods have an SLA of their own, decided as the report's
  // flags are: they always agree.
  const periodThreshold = report.periodSlaSeconds;
  const periodBreaches = periodThreshold === null ? [] : report.periods.filter((p) => p.slaBreached);
  const breaches = [
    ...periodBreaches.map((p) => ({
      component: `period ${p.period}`,
      actual_seconds: p.seconds,
      threshold_seconds: periodThreshold as number,
    })),
    ...(t.seconds > report.slaSeconds
      ? [{ component: 'run', actual_seconds: t.seconds, threshold_seconds: report.slaSeconds }]
      : []),
  ].map((b) => ({ ...b, severity: breachSeverity(b.actual_seconds, b.threshold_seconds) }));
  // The run's logger already binds its runId.
  for (const breach of breaches) run.logger.warn(breach, 'sla breached');
  await withTransaction(connection, async () => {
    // The run's last commit in a lake: `--run` reads the lake with its monitoring row.
    await noteLakeCommit(connection, spec, { runId: run.runId, what: 'run recorded' });
    await writeMonitoring(connection, spec, 'runs', [
      {
        target_table,
        run_id: run.runId,
        started_at: timestampText(run.startedAtMs),
        finished_at: timestampText(finishedAtMs),
        mode: report.mode,
        periods: t.periodsApplied,
        total_seconds: t.seconds,
        records: t.rowsRead,
        records_per_second: t.rowsPerSecond,
        sla_seconds: report.slaSeconds,
        category: runCategory(t.seconds),
      },
    ]);
    await writeMonitoring(
      connection,
      spec,
      'breaches',
      breaches.map((b) => ({ target_table, run_id: run.runId, ...b, recorded_at: timestampText(finishedAtMs) })),
    );
  });
}
