import { randomUUID } from 'node:crypto';
import { exec, timestampText } from '../db/database.js';
import { openEndTooEarly } from '../errors/index.js';
import { createLedger } from '../history/ledger.js';
import { keyTypes } from '../history/source-inspection.js';
import { discardRebuild, rebuildLeftOver } from '../history/rebuild.js';
import { recordRunMonitoring } from '../monitoring/run.js';
import { type RunOptions, type RunSettings, autoChunks, resolveRunOptions } from '../options/run-options.js';
import { sql } from '../sql/index.js';
import { inlineStrategy } from '../engine/2-change-sets/inline.js';
import { workersStrategy } from '../engine/2-change-sets/workers.js';
import type { EngineContext } from '../engine/context.js';
import { takingBackFirstRun } from '../engine/1-plan/first-run.js';
import { fullRefresh } from '../engine/3-apply/full-refresh.js';
import { LatencyHistogram, NO_LATENCY, PhaseHistograms } from '../model/latency.js';
import type { Prepared } from '../engine/2-change-sets/strategy.js';
import { applyPeriods } from '../engine/3-apply/pipeline.js';
import { replayPeriods } from '../engine/3-apply/replay.js';
import { type RunPlan, planRun } from '../engine/1-plan/planner.js';
import { NO_CHANGES, type PeriodReport, type RunReport, periodReport, runReport } from '../model/run-report.js';
import { type RunState, readRunState, readyHistory } from '../engine/1-plan/run-state.js';
import { runInterrupted } from '../engine/interruption.js';
import { RunSession, stopIfInterrupted } from '../engine/session.js';
import { validatePeriods } from '../engine/1-plan/validate-keys.js';
import { notVerified, verificationReport, verifyHistory } from '../engine/1-plan/verify-history.js';

export type { RunOptions };

/** A run's latency histograms: its chunks', and its periods' by phase. */
interface RunLatency {
  readonly chunk: LatencyHistogram;
  readonly phases: PhaseHistograms;
}

/** What planning decided: the periods, and how their change sets are computed. */
export interface RunWork {
  readonly state: RunState;
  readonly plan: RunPlan;
  readonly chunks: number;
  /** Pool size; 0 when change sets are computed inline or not at all. */
  readonly workers: number;
  /** Whether a killed full refresh left its rebuild table, which this run drops. */
  readonly rebuildLeftOver: boolean;
  readonly ctx: EngineContext;
}

/**
 * `scd-parallel run`: brings the history up to date with the selected periods, one transaction
 * per period (a full refresh builds them beside the history, then swaps it in). The coordinator
 * is the only holder of the database file; workers see Parquet exports only.
 */
export async function runScd(options: RunOptions): Promise<RunReport> {
  const startedAt = performance.now();
  const startedAtMs = Date.now();
  const settings = resolveRunOptions(options);
  // Once planned: what a signal that stops the run is told against.
  let decided: RunWork | undefined;
  return RunSession.use(
    settings,
    !settings.inline,
    async (session) => {
      const work = await plan(session, settings);
      decided = work;
      return takingBackFirstRun(session, work.ctx.spec, work.state.footprint, async () => {
        const { periods, latency } = await execute(session, settings, work);
        const result = report(settings, work, periods, latency, startedAt);
        const run = { runId: work.ctx.runId, startedAtMs, logger: work.ctx.logger };
        await recordRunMonitoring(session.connection, work.ctx.spec, run, result);
        return result;
      });
    },
    (signal, error, session) => runInterrupted(signal, error, session, decided),
  );
}

/** Reads the database and decides, refusing bad input before anything is written. */
async function plan(session: RunSession, settings: RunSettings): Promise<RunWork> {
  const { connection } = session;
  const state = await readRunState(connection, settings);
  const { spec } = state;
  const plan = planRun(state, settings, spec.target.text);
  // An open end on or before a period's date would read as closed there: refused before any write.
  const openEnd = spec.config.validToCurrent;
  const late = openEnd === null ? undefined : plan.inputs.find((i) => i.effectiveDate >= openEnd);
  if (late !== undefined) throw openEndTooEarly(openEnd as string, late.period, late.effectiveDate);
  await validatePeriods(connection, spec, plan.inputs.map((i) => i.period));
  // A full refresh builds beside the history: a user's table in the way is refused, not replaced.
  const leftOver = await rebuildLeftOver(connection, spec, plan.fullRefresh);
  stopIfInterrupted(settings.signal);
  const planned = new Set(plan.inputs.map((i) => i.period));
  const largestPeriodRows = Math.max(0, ...state.source.filter((s) => planned.has(s.period)).map((s) => s.rows));
  const chunks = settings.chunks === 'auto' ? autoChunks(largestPeriodRows) : settings.chunks;
  // A replay computes its change sets inline (see replayPeriods).
  const usePool = !settings.inline && plan.rewindTo === undefined && plan.inputs.length > 0;
  // More workers than chunks would idle; fewer workers each get more of the cores.
  const workers = usePool ? Math.min(settings.workers, chunks) : 0;
  const runId = randomUUID();
  const logger = settings.logger.child({ runId });
  const rowsApplied = state.source.filter((s) => planned.has(s.period)).reduce((sum, s) => sum + s.rows, 0);
  const rewindTo = plan.rewindTo === undefined ? undefined : (plan.rewindTo?.period ?? null);
  const standsOn = { targetRows: state.targetRows, applied: state.applied, rowsApplied, rewindTo };
  // What the run stands on, proven before anything is written; a full refresh stands on nothing found.
  const verifies = !plan.fullRefresh && plan.inputs.length > 0;
  const found = verifies ? await verifyHistory(connection, spec, logger, standsOn, settings.verify) : notVerified();
  const ctx: EngineContext = {
    connection,
    exportConnection: session.exportConnection,
    spec,
    keyTypes: keyTypes(state.sourceColumns, spec),
    runDirectory: session.runDirectory,
    runId,
    updatedAt: timestampText(Date.now()),
    slaSeconds: settings.slaSeconds,
    periodSlaSeconds: settings.periodSlaSeconds,
    // Every log line of the run carries its id.
    logger,
    onProgress: settings.onProgress,
    found,
    stopIfInterrupted: () => stopIfInterrupted(settings.signal),
  };
  ctx.logger.info(
    {
      db: settings.db,
      target: spec.target.text,
      periods: [...planned],
      chunks,
      workers,
      inline: settings.inline || plan.rewindTo !== undefined,
      fullRefresh: plan.fullRefresh,
      ...(plan.rewindTo !== undefined && { rewindTo: plan.rewindTo?.period ?? null }),
    },
    'run started',
  );
  return { state, plan, chunks, workers, rebuildLeftOver: leftOver, ctx };
}

/** Applies the plan: a full refresh, a replay, or the periods through the pipeline. */
async function execute(
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
    periods.push(periodReport(applied, 'already-applied', NO_CHANGES, { seconds: 0, chunkLatency: NO_LATENCY, phases: null, slaSeconds: settings.slaSeconds }));
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
  const strategyFor = (c: EngineContext) => (work.workers > 0 ? workersStrategy(c, session.startPool(work.workers), work.chunks, settings.retries) : inlineStrategy(c));
  if (plan.fullRefresh) await fullRefresh(ctx, state.target, state.sourceColumns, plan.inputs, strategyFor, onApplied);
  else if (plan.rewindTo !== undefined) await replayPeriods(ctx, plan.rewindTo, plan.inputs, state.applied, onApplied);
  else await applyPeriods(ctx, strategyFor(ctx), plan.inputs, onApplied);
  // Timed as part of the run: otherwise closing the database would checkpoint, untimed.
  await exec(connection, sql.checkpoint());
  return { periods, latency };
}

function report(settings: RunSettings, work: RunWork, periods: readonly PeriodReport[], latency: RunLatency, startedAt: number): RunReport {
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
