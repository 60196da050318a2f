import { wasRolledBack } from '../db/database.js';
import { isLakeConflict } from '../db/duckdb-errors.js';
import { DEFAULTS } from '../defaults.js';
import { takingBackFirstRun } from '../engine/1-plan/first-run.js';
import { plan, type RunWork } from '../engine/1-plan/plan.js';
import { verificationReport } from '../engine/1-plan/verify-history.js';
import { applyPlan, type RunLatency } from '../engine/3-apply/apply-plan.js';
import { RunSession } from '../engine/session.js';
import { errorMessage, interrupted, refreshInterrupted, type ScdError } from '../errors/index.js';
import { periodsOfRun } from '../history/ledger.js';
import { type PeriodReport, type RunReport, runReport } from '../model/run-report.js';
import { recordRunMonitoring } from '../monitoring/run.js';
import { type RunOptions, type RunSettings, resolveRunOptions } from '../options/run-options.js';

/**
 * `scd-parallel run`: brings the history up to date with the selected periods, one transaction
 * per period (a full refresh builds them beside the history, then swaps it in). The coordinator
 * is the only holder of the database file; workers see Parquet exports only.
 */
export async function runScd(options: RunOptions): Promise<RunReport> {
  const settings = resolveRunOptions(options);
  for (let attempt = 0; ; attempt++) {
    try {
      return await runOnce(settings);
    } catch (error) {
      // Only a lake's writers conflict; each attempt plans anew from what is committed.
      if (settings.lake === undefined || !isLakeConflict(error) || attempt >= DEFAULTS.lakeConflictRetries) throw error;
      const waitMs =
        Math.random() * Math.min(DEFAULTS.lakeConflictBackoffMs, (DEFAULTS.lakeConflictBackoffMs / 10) * 2 ** attempt);
      settings.logger.warn(
        { attempt: attempt + 1, waitMs: Math.round(waitMs), err: errorMessage(error) },
        'lake conflict: run again',
      );
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}

async function runOnce(settings: RunSettings): Promise<RunReport> {
  const startedAt = performance.now();
  const startedAtMs = Date.now();
  await using session = await RunSession.open(settings, !settings.inline);
  // Once planned: what a signal that stops the run is told against.
  let decided: RunWork | undefined;
  return await session.run(
    async () => {
      const work = await plan(session, settings);
      decided = work;
      return takingBackFirstRun(session, work.ctx.spec, work.state.footprint, async () => {
        const { periods, latency } = await applyPlan(session, settings, work);
        const result = report(settings, work, periods, latency, startedAt);
        const run = { runId: work.ctx.runId, startedAtMs, logger: work.ctx.logger };
        await recordRunMonitoring(session.connection, work.ctx.spec, run, result);
        return result;
      });
    },
    (signal, error) => runInterrupted(signal, error, session, decided),
  );
}

function report(
  settings: RunSettings,
  work: RunWork,
  periods: readonly PeriodReport[],
  latency: RunLatency,
  startedAt: number,
): RunReport {
  const { spec } = work.ctx;
  const result = runReport(
    {
      runId: work.ctx.runId,
      db: settings.db,
      sourceTable: spec.source.text,
      targetTable: spec.target.text,
      mode: work.plan.fullRefresh ? 'full-refresh' : 'incremental',
      changeSets: settings.inline || work.plan.rewindTo !== undefined ? 'inline' : 'workers',
      chunks: work.workers > 0 ? work.chunks : 1,
      workers: work.workers,
      chunking: work.chunking,
      slaSeconds: settings.slaSeconds,
      periodSlaSeconds: settings.periodSlaSeconds ?? null,
      verification: verificationReport(work.ctx.found),
    },
    periods,
    (performance.now() - startedAt) / 1000,
    { chunk: latency.chunk.summary(), phases: latency.phases.summary() },
  );
  work.ctx.logger.info({ totals: result.totals }, 'run finished');
  return result;
}

/**
 * What a run a signal stopped did, once its transaction in progress was rolled back: the periods
 * committed are read from the ledger, never inferred from the run's progress. DuckDB's COMMIT,
 * interrupted, may report INTERRUPT although it committed (a hostile test saw one period more in
 * the ledger than the message named in 8 runs of 20). A period was rolled back only if a
 * transaction was, while some planned period is not committed: after the last one, only the run's
 * monitoring row is left to write. A full refresh commits to the history only at its swap: until
 * then, it is rolled back whole. `work` is undefined while the run was still planning, which writes
 * no period.
 */
async function runInterrupted(
  signal: string,
  error: unknown,
  session: RunSession,
  work: RunWork | undefined,
): Promise<ScdError> {
  if (work === undefined) return interrupted(signal, []);
  const { spec, runId } = work.ctx;
  const committed = await session.readCommitted((connection) => periodsOfRun(connection, spec, runId));
  if (work.plan.fullRefresh && committed.length === 0) return refreshInterrupted(signal);
  if (!wasRolledBack(error) || committed.length === work.plan.inputs.length) return interrupted(signal, committed);
  // A replay rewinds and applies its periods in one transaction: they go back together.
  const undone = work.plan.rewindTo === undefined ? 'the period in progress was' : 'the periods in progress were';
  return interrupted(signal, committed, undone);
}
