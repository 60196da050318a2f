import { exec } from '../../db/database.js';
import { createLedger } from '../../history/ledger.js';
import { discardRebuild } from '../../history/rebuild.js';
import { LatencyHistogram, NO_LATENCY, PhaseHistograms } from '../../model/latency.js';
import { NO_CHANGES, type PeriodReport, periodReport } from '../../model/run-report.js';
import type { RunSettings } from '../../options/run-options.js';
import { sql } from '../../sql/index.js';
import type { RunWork } from '../1-plan/plan.js';
import { readyHistory } from '../1-plan/run-state.js';
import { inlineStrategy } from '../2-change-sets/inline.js';
import type { Prepared } from '../2-change-sets/strategy.js';
import { workersStrategy } from '../2-change-sets/workers.js';
import type { EngineContext } from '../context.js';
import type { RunSession } from '../session.js';
import { fullRefresh } from './full-refresh.js';
import { applyPeriods } from './pipeline.js';
import { replayPeriods } from './replay.js';

/** A run's latency histograms: its chunks', and its periods' by phase. */
export interface RunLatency {
  readonly chunk: LatencyHistogram;
  readonly phases: PhaseHistograms;
}

/** Applies the plan: a full refresh, a replay, or the periods through the pipeline. */
export async function applyPlan(
  session: RunSession,
  settings: RunSettings,
  work: RunWork,
): Promise<{ periods: PeriodReport[]; latency: RunLatency }> {
  const { state, plan, ctx } = work;
  const { connection, spec } = ctx;
  const periods: PeriodReport[] = [];
  const latency: RunLatency = { chunk: new LatencyHistogram(), phases: new PhaseHistograms() };
  if (work.rebuildLeftOver) {
    await discardRebuild(connection, spec);
    ctx.logger.warn({ target: spec.target.text }, 'dropped the rebuild table of a full refresh that was killed');
  }
  for (const applied of plan.alreadyApplied) {
    periods.push(
      periodReport(applied, 'already-applied', NO_CHANGES, {
        seconds: 0,
        chunkLatency: NO_LATENCY,
        phases: null,
        slaSeconds: settings.slaSeconds,
      }),
    );
    settings.onProgress({ kind: 'period-done', period: applied.period, status: 'already-applied', seconds: 0 });
  }
  if (plan.inputs.length > 0) await createLedger(connection);
  // A full refresh swaps in a table of its own.
  if (plan.inputs.length > 0 && !plan.fullRefresh) await readyHistory(connection, state, ctx.updatedAt);
  const onApplied = (report: PeriodReport, prepared: Prepared) => {
    ctx.logger.info({ ...report }, 'period applied');
    periods.push(report);
    latency.chunk.add(prepared.changes.latency);
    if (report.phases !== null) latency.phases.record(report.phases, report.seconds);
  };
  const strategyFor = (c: EngineContext) =>
    work.workers > 0
      ? workersStrategy(c, session.startPool(work.workers), work.chunks, settings.retries)
      : inlineStrategy(c);
  if (plan.fullRefresh) await fullRefresh(ctx, state.target, state.sourceColumns, plan.inputs, strategyFor, onApplied);
  else if (plan.rewindTo !== undefined) await replayPeriods(ctx, plan.rewindTo, plan.inputs, state.applied, onApplied);
  else await applyPeriods(ctx, strategyFor(ctx), plan.inputs, onApplied);
  // Timed as part of the run: otherwise closing the database would checkpoint, untimed. Never in a
  // lake: its CHECKPOINT is DuckLake's maintenance (compaction, cleanup), the user's to schedule, and
  // it conflicts with other writers.
  if (!ctx.spec.inLake) await exec(connection, sql.checkpoint());
  return { periods, latency };
}
