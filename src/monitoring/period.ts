import type { Prepared } from '../coordinator/change-sets/change-set.js';
import type { EngineContext } from '../coordinator/engine-context.js';
import type { CheckOutcome } from '../coordinator/integrity.js';
import { PHASES } from '../coordinator/phases.js';
import { withTransaction } from '../db/database.js';
import { ExitCode, ScdError } from '../errors/index.js';
import { breachSeverity, timestampText, writeMonitoring } from './record.js';

/**
 * After a period's integrity check failed and it rolled back: its checks, in a transaction of
 * their own, so that monitoring sees failures too. Best effort: the failure itself is what the
 * run reports.
 */
export async function recordFailedChecks(ctx: EngineContext, period: number, error: unknown): Promise<void> {
  if (!(error instanceof ScdError) || error.exitCode !== ExitCode.checkFailed || !Array.isArray(error.details)) return;
  const outcomes = error.details.filter((d): d is CheckOutcome => typeof d === 'object' && d !== null && 'name' in d && 'violations' in d);
  const target_table = ctx.spec.target.canonical;
  const recorded_at = timestampText(Date.now());
  const rows = outcomes.map((o) => ({ target_table, run_id: ctx.runId, period, check_name: o.name, passed: o.violations === 0, violations: o.violations, recorded_at }));
  await withTransaction(ctx.connection, () => writeMonitoring(ctx.connection, ctx.spec, 'integrity', rows)).catch(() => undefined);
}

/**
 * A period's monitoring rows, written in its own transaction (or its replay's) just before its
 * ledger record: a killed run leaves rows only for the periods it committed. Commit time is not
 * known yet, so it is only in the run's report.
 */
export async function recordPeriodMonitoring(ctx: EngineContext, prepared: Prepared, outcomes: readonly CheckOutcome[], seconds: number): Promise<void> {
  const { connection, spec, runId } = ctx;
  const { input, changes, timer } = prepared;
  const target_table = spec.target.canonical;
  const recorded_at = timestampText(Date.now());
  const phases = timer.summary();
  const records = changes.rowsRead;
  // Each phase that ran (commit is still to come), then the period's whole time up to its record.
  const timed: Array<[string, number]> = [...PHASES.filter((p) => p !== 'commit').map((p): [string, number] => [p, phases[`${p}Seconds`]]), ['period', seconds]];
  await writeMonitoring(
    connection,
    spec,
    'phases',
    timed
      .filter(([, s]) => s > 0)
      .map(([phase, s]) => ({ target_table, run_id: runId, period: input.period, phase, seconds: s, records, records_per_second: records / s, recorded_at })),
  );
  await writeMonitoring(
    connection,
    spec,
    'chunks',
    changes.timings.map((t) => ({
      target_table,
      run_id: runId,
      period: input.period,
      chunk: t.chunk,
      worker: t.worker,
      started_at: timestampText(t.startedAtMs),
      finished_at: timestampText(t.finishedAtMs),
      latency_micros: Math.round((t.finishedAtMs - t.startedAtMs) * 1000),
      rows: t.rows,
    })),
  );
  await writeMonitoring(
    connection,
    spec,
    'integrity',
    outcomes.map((o) => ({ target_table, run_id: runId, period: input.period, check_name: o.name, passed: o.violations === 0, violations: o.violations, recorded_at })),
  );
  const threshold = ctx.periodSlaSeconds;
  if (threshold !== undefined && seconds > threshold) {
    const breach = { component: `period ${input.period}`, actual_seconds: seconds, threshold_seconds: threshold, severity: breachSeverity(seconds, threshold) };
    ctx.logger.warn({ runId, period: input.period, ...breach }, 'sla breached');
    await writeMonitoring(connection, spec, 'breaches', [{ target_table, run_id: runId, ...breach, recorded_at }]);
  }
}
