import type { Prepared } from '../coordinator/change-sets/change-set.js';
import type { EngineContext } from '../coordinator/engine-context.js';
import type { CheckOutcome } from '../coordinator/integrity.js';
import { PHASES } from '../model/phases.js';
import { timestampText } from '../db/database.js';
import { createMonitoring, writeChecks, writeMonitoring } from './record.js';

/**
 * A period's monitoring rows, written in its own transaction (or its replay's) just before its
 * ledger record: a killed run leaves rows only for the periods it committed. The tables are made
 * in the run's first period's transaction, so a refused run leaves none. Commit time is not known
 * yet, so it is only in the run's report; `seconds` is the period's time up to its record.
 */
export async function recordPeriodMonitoring(ctx: EngineContext, prepared: Prepared, outcomes: readonly CheckOutcome[], seconds: number, firstOfRun: boolean): Promise<void> {
  const { connection, spec, runId } = ctx;
  if (firstOfRun) await createMonitoring(connection, spec);
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
  await writeChecks(connection, spec, runId, input.period, outcomes);
}
