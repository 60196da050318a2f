import { PhaseTimer } from '../../model/phases.js';
import { type PeriodReport, periodReport } from '../../model/run-report.js';
import type { PeriodInput } from '../1-plan/planner.js';
import type { ChangeSetStrategy, Prepared, SnapshotExport } from '../2-change-sets/strategy.js';
import type { EngineContext } from '../context.js';
import { applyPeriod } from './period-transaction.js';

async function prepare(
  ctx: EngineContext,
  strategy: ChangeSetStrategy,
  input: PeriodInput,
  previous: SnapshotExport | undefined,
): Promise<Prepared> {
  ctx.onProgress({ kind: 'period-start', period: input.period, chunks: strategy.chunks });
  const timer = new PhaseTimer((phase, seconds) =>
    ctx.logger.debug({ period: input.period, phase, seconds }, 'phase done'),
  );
  const changes = await strategy.prepare(input, previous, timer);
  // With hard deletes ignored, a key that left keeps its current version: nothing is removed.
  return {
    input,
    changes: ctx.spec.config.hardDeletes === 'ignore' ? { ...changes, removedVersions: 0 } : changes,
    timer,
  };
}

/**
 * Applies `inputs` in order. Where the strategy allows, the run is a two-stage pipeline: period
 * i+1's export and change sets depend only on the snapshots of i and i+1 (after a checked apply,
 * the current versions are exactly period i's snapshot), so they are computed while period i is
 * applied. A period's `seconds` is the wall time it adds to the run: from the end of the previous
 * commit to the end of its own; its export and compute phases may have overlapped the previous
 * apply. With `outerTransaction`, the periods run in the caller's transaction. `status` is how the
 * periods are reported: 'rebuilt' in a full refresh's rebuild table.
 */
export async function applyPeriods(
  ctx: EngineContext,
  strategy: ChangeSetStrategy,
  inputs: readonly PeriodInput[],
  onApplied: (report: PeriodReport, prepared: Prepared) => void,
  options: { outerTransaction?: boolean; status?: 'applied' | 'rebuilt' } = {},
): Promise<void> {
  const { outerTransaction = false, status = 'applied' } = options;
  let next: Promise<Prepared> | undefined =
    inputs[0] === undefined ? undefined : prepare(ctx, strategy, inputs[0], undefined);
  let before: Prepared | undefined;
  try {
    for (let i = 0; i < inputs.length; i++) {
      ctx.throwIfAborted();
      const startedAt = performance.now();
      const prepared = await (next as Promise<Prepared>);
      const following = inputs[i + 1];
      next =
        following !== undefined && strategy.overlaps
          ? prepare(ctx, strategy, following, prepared.changes.snapshot)
          : undefined;
      // It may fail before it is awaited (after this commit); mark it handled so that the failure
      // surfaces there, not as an unhandled rejection.
      next?.catch(() => undefined);
      if (before !== undefined) strategy.retire(before);
      try {
        await applyPeriod(ctx, prepared, startedAt, i === 0, outerTransaction);
      } finally {
        // Releasing must not hide a failure, nor make a committed period look failed (it may meet
        // an interrupt meant for the statement before it).
        await strategy.release(prepared).catch(() => undefined);
      }
      const seconds = (performance.now() - startedAt) / 1000;
      // A replay's periods are in the history once the caller commits, a full refresh's once it swaps
      // its rebuild in: the caller reports them then.
      if (!outerTransaction && status === 'applied')
        ctx.onProgress({ kind: 'period-done', period: prepared.input.period, status, seconds });
      const timing = {
        seconds,
        chunkLatency: prepared.changes.latency.summary(),
        phases: prepared.timer.summary(),
        slaSeconds: ctx.periodSlaSeconds ?? ctx.slaSeconds,
      };
      onApplied(periodReport(prepared.input, status, prepared.changes, timing), prepared);
      before = prepared;
      if (next === undefined && following !== undefined) next = prepare(ctx, strategy, following, undefined);
    }
  } finally {
    // Never leave a prepare running: the pool is destroyed next, and destroying it while workers
    // are inside DuckDB aborts the process.
    await next?.catch(() => undefined);
  }
}
