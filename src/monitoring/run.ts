import type { DuckDBConnection } from '@duckdb/node-api';
import type { Logger } from 'pino';
import type { RunReport } from '../coordinator/run-report.js';
import { withTransaction } from '../db/database.js';
import type { HistorySpec } from '../sql/index.js';
import { breachSeverity, runCategory, timestampText, writeMonitoring } from './record.js';

/**
 * A run's row in mon_performance_metrics, and its breach of the run SLA, in a transaction of their
 * own once every period committed: a run killed before has none. Runs that applied nothing are not
 * recorded (they would flatter SLA compliance).
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
  const breached = t.seconds > report.slaSeconds;
  const breach = { component: 'run', actual_seconds: t.seconds, threshold_seconds: report.slaSeconds, severity: breachSeverity(t.seconds, report.slaSeconds) };
  if (breached) run.logger.warn({ runId: run.runId, ...breach }, 'sla breached');
  await withTransaction(connection, async () => {
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
    if (breached) await writeMonitoring(connection, spec, 'breaches', [{ target_table, run_id: run.runId, ...breach, recorded_at: timestampText(finishedAtMs) }]);
  });
}
