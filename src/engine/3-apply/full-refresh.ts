import { faultPoint } from '../../faults.js';
import type { Proof } from '../../history/ownership.js';
import { createRebuild, discardRebuild, rebuildOf, swapInRebuild } from '../../history/rebuild.js';
import type { PeriodReport } from '../../model/run-report.js';
import type { Column } from '../../sql/index.js';
import type { PeriodInput } from '../1-plan/planner.js';
import type { ChangeSetStrategy, Prepared } from '../2-change-sets/strategy.js';
import type { EngineContext } from '../context.js';
import { applyPeriods } from './pipeline.js';

/**
 * A full refresh: the history built again from `inputs` (every period) in its rebuild table beside
 * it (src/history/rebuild.ts), through the same pipeline and checks as any run, one committed
 * transaction per period, so memory is bounded by one period. Then the rebuild is swapped in, in one
 * transaction; until that commits the history is as it was. A refresh that fails drops its rebuild
 * (one killed leaves it for the next run to drop). `strategyFor` makes the change-set strategy for
 * the rebuild's context. The periods are reported as rebuilt once swapped in. `planned`: the history's
 * table as proved when the run was planned (none: there was none), which the swap checks again.
 */
export async function fullRefresh(
  ctx: EngineContext,
  planned: Proof | undefined,
  source: readonly Column[],
  inputs: readonly PeriodInput[],
  strategyFor: (rebuild: EngineContext) => ChangeSetStrategy,
  onApplied: (report: PeriodReport, prepared: Prepared) => void,
): Promise<void> {
  const { connection, spec } = ctx;
  const rebuild: EngineContext = { ...ctx, spec: rebuildOf(spec) };
  const reports: Array<[PeriodReport, Prepared]> = [];
  try {
    await createRebuild(connection, spec, source);
    await applyPeriods(rebuild, strategyFor(rebuild), inputs, (report, prepared) => reports.push([report, prepared]), {
      status: 'rebuilt',
    });
    ctx.throwIfAborted();
    await swapInRebuild(connection, spec, planned, { runId: ctx.runId, createdAt: ctx.updatedAt });
    await faultPoint('swapped', 0);
  } catch (error) {
    // The history is untouched; what was built of its rebuild goes, unless DuckDB cannot write any more.
    await discardRebuild(connection, spec).catch(() => undefined);
    throw error;
  }
  for (const [report, prepared] of reports) {
    ctx.onProgress({ kind: 'period-done', period: report.period, status: report.status, seconds: report.seconds });
    onApplied(report, prepared);
  }
}
