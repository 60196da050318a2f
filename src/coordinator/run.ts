import { exec, withTransaction } from '../db/database.js';
import { createLedger } from '../history/ledger.js';
import { createHistory } from '../history/target-table.js';
import { keyTypes } from '../history/source-inspection.js';
import { type RunOptions, autoChunks, resolveRunOptions } from '../options/run-options.js';
import { sql } from '../sql/index.js';
import { inlineStrategy } from './change-sets/inline.js';
import { workersStrategy } from './change-sets/workers.js';
import type { EngineContext } from './engine-context.js';
import { fullRefresh } from './full-refresh.js';
import { LatencyHistogram } from './metrics.js';
import { applyPeriods } from './pipeline.js';
import { planRun } from './planner.js';
import { NO_CHANGES, NO_LATENCY, type PeriodReport, type RunReport, periodReport, runReport } from './run-report.js';
import { readRunState } from './run-state.js';
import { RunSession } from './session.js';
import { validateKeys } from './validate-keys.js';

export type { RunOptions };

function timestampNow(): string {
  return new Date().toISOString().replace('T', ' ').replace('Z', '');
}

/**
 * `scd-parallel run`: brings the history up to date with the selected periods, one transaction
 * per period (or one for a full refresh). The coordinator is the only holder of the database
 * file; workers see Parquet exports only. Reads as resolve → open → plan → execute → report.
 */
export async function runScd(options: RunOptions): Promise<RunReport> {
  const startedAt = performance.now();
  const settings = resolveRunOptions(options);
  const session = await RunSession.open(settings);
  try {
    const { connection } = session;
    const state = await readRunState(connection, settings);
    const { spec } = state;
    const plan = planRun(state, settings, spec.target.text);
    await validateKeys(connection, spec, plan.inputs.map((i) => i.period));

    const planned = new Set(plan.inputs.map((i) => i.period));
    const largestPeriodRows = Math.max(0, ...state.source.filter((s) => planned.has(s.period)).map((s) => s.rows));
    const chunks = settings.chunks === 'auto' ? autoChunks(largestPeriodRows) : settings.chunks;
    const usePool = !settings.inline && !plan.fullRefresh && plan.inputs.length > 0;
    // More workers than chunks would idle; fewer workers each get more of the cores.
    const workers = usePool ? Math.min(settings.workers, chunks) : 0;
    const updatedAt = timestampNow();
    const ctx: EngineContext = {
      connection,
      exportConnection: session.exportConnection,
      spec,
      keyTypes: keyTypes(state.sourceColumns, spec),
      runDirectory: session.runDirectory,
      updatedAt,
      slaSeconds: settings.slaSeconds,
      logger: settings.logger,
      onProgress: settings.onProgress,
    };
    settings.logger.info(
      { db: settings.db, target: spec.target.text, periods: [...planned], chunks, workers, inline: settings.inline, fullRefresh: plan.fullRefresh },
      'run started',
    );

    const reports: PeriodReport[] = [];
    const runLatency = new LatencyHistogram();
    if (plan.fullRefresh) {
      await createLedger(connection);
      reports.push(...(await fullRefresh(ctx, state.sourceColumns, Math.max(...planned))));
    } else {
      for (const applied of plan.alreadyApplied) {
        reports.push(periodReport(applied, 'already-applied', NO_CHANGES, { seconds: 0, chunkLatency: NO_LATENCY, phases: null, slaSeconds: settings.slaSeconds }));
        settings.onProgress({ kind: 'period-done', period: applied.period, status: 'already-applied', seconds: 0 });
      }
      if (plan.inputs.length > 0) {
        await createLedger(connection);
        if (state.targetRows === undefined) await withTransaction(connection, () => createHistory(connection, spec, state.sourceColumns, updatedAt));
      }
      const strategy = usePool ? workersStrategy(ctx, session.startPool(workers), chunks, settings.retries) : inlineStrategy(ctx);
      await applyPeriods(ctx, strategy, plan.inputs, (report, prepared) => {
        settings.logger.info({ ...report }, 'period applied');
        reports.push(report);
        runLatency.add(prepared.changes.latency);
      });
    }
    // Timed as part of the run: otherwise closing the database would checkpoint, untimed.
    await exec(connection, sql.checkpoint());
    const report = runReport(
      {
        db: settings.db,
        sourceTable: spec.source.text,
        targetTable: spec.target.text,
        mode: plan.fullRefresh ? 'full-refresh' : 'incremental',
        changeSets: settings.inline ? 'inline' : 'workers',
        chunks: usePool ? chunks : 1,
        workers,
        slaSeconds: settings.slaSeconds,
      },
      reports,
      (performance.now() - startedAt) / 1000,
      runLatency.summary(),
    );
    settings.logger.info({ totals: report.totals }, 'run finished');
    return report;
  } finally {
    await session.dispose();
  }
}
