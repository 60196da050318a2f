import { randomUUID } from 'node:crypto';
import { timestampText } from '../../db/database.js';
import { DEFAULTS } from '../../defaults.js';
import { openEndTooEarly } from '../../errors/index.js';
import { removeLakeOrphans } from '../../history/lake-orphans.js';
import { rebuildLeftOver } from '../../history/rebuild.js';
import { keyTypes } from '../../history/source-inspection.js';
import type { ChunkDecision } from '../../model/run-report.js';
import { autoChunks, type RunSettings } from '../../options/run-options.js';
import type { EngineContext } from '../context.js';
import type { RunSession } from '../session.js';
import { planRun, type RunPlan } from './planner.js';
import { type RunState, readRunState } from './run-state.js';
import { validatePeriods } from './validate-keys.js';
import { notVerified, verifyHistory } from './verify-history.js';

/** What planning decided: the periods, and how their change sets are computed. */
export interface RunWork {
  readonly state: RunState;
  readonly plan: RunPlan;
  readonly chunks: number;
  /** Pool size; 0 when change sets are computed inline or not at all. */
  readonly workers: number;
  readonly chunking: ChunkDecision;
  /** Whether a killed full refresh left its rebuild table, which this run drops. */
  readonly rebuildLeftOver: boolean;
  readonly ctx: EngineContext;
}

/** Reads the database and decides, refusing bad input before anything is written. */
export async function plan(session: RunSession, settings: RunSettings): Promise<RunWork> {
  const { connection } = session;
  const state = await readRunState(connection, settings);
  const { spec } = state;
  const plan = planRun(state, settings, spec.target.text);
  // An open end on or before a period's date would read as closed there: refused before any write.
  const openEnd = spec.config.validToCurrent;
  const late = openEnd === null ? undefined : plan.inputs.find((i) => i.effectiveDate >= openEnd);
  if (late !== undefined) throw openEndTooEarly(openEnd as string, late.period, late.effectiveDate);
  await validatePeriods(
    connection,
    spec,
    plan.inputs.map((i) => i.period),
  );
  // A full refresh builds beside the history: a user's table in the way is refused, not replaced.
  const leftOver = await rebuildLeftOver(connection, spec, plan.fullRefresh);
  if (spec.inLake) {
    session.claimLakeHistory(spec.target);
    await removeLakeOrphans(connection, spec, settings.logger);
  }
  session.throwIfAborted();
  const planned = new Set(plan.inputs.map((i) => i.period));
  const largestPeriodRows = Math.max(0, ...state.source.filter((s) => planned.has(s.period)).map((s) => s.rows));
  const chunks = settings.chunks === 'auto' ? autoChunks(largestPeriodRows) : settings.chunks;
  // A replay computes its change sets inline (see replayPeriods).
  const usePool = !settings.inline && plan.rewindTo === undefined && plan.inputs.length > 0;
  // More workers than chunks would idle; fewer workers each get more of the cores.
  const workers = usePool ? Math.min(settings.workers, chunks) : 0;
  const workersAsked = settings.workers;
  const chunking: ChunkDecision =
    plan.inputs.length === 0
      ? { reason: 'nothing-to-apply' }
      : settings.chunks === 'auto'
        ? { reason: 'auto', largestPeriodRows, rowsPerChunk: DEFAULTS.autoRowsPerChunk, workersAsked }
        : { reason: 'given', workersAsked };
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
    throwIfAborted: () => session.throwIfAborted(),
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
  return { state, plan, chunks, workers, chunking, rebuildLeftOver: leftOver, ctx };
}
