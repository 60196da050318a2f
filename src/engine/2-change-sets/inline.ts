import { exec } from '../../db/database.js';
import { LatencyHistogram } from '../../model/latency.js';
import type { PhaseTimer } from '../../model/phases.js';
import { ident, sql, subquery } from '../../sql/index.js';
import { computeChangeSet } from '../../workers/change-set.js';
import type { PeriodInput } from '../1-plan/planner.js';
import type { EngineContext } from '../context.js';
import { type ChangeSet, type ChangeSetStrategy, changesAny } from './strategy.js';

const CHANGE_SET = 'scd_change_set';

/**
 * Inline: the same change-set SQL as the workers, run once over the whole period by the
 * coordinator. The change set is a temporary table of the apply's connection, so periods do not
 * overlap.
 */
export function inlineStrategy(ctx: EngineContext): ChangeSetStrategy {
  return {
    overlaps: false,
    chunks: 1,
    async prepare(input: PeriodInput, _previous, timer: PhaseTimer): Promise<ChangeSet> {
      const snapshot = subquery(sql.periodHashes(ctx.spec));
      const current = subquery(sql.currentHashes(ctx.spec));
      const startedAt = performance.now();
      const counts = await timer.measure('compute', () =>
        computeChangeSet(
          ctx.connection,
          ctx.keyTypes.length,
          snapshot,
          current,
          { table: CHANGE_SET },
          { period: input.period },
        ),
      );
      const finishedAt = performance.now();
      const latency = new LatencyHistogram();
      latency.record((finishedAt - startedAt) * 1000);
      ctx.onProgress({ kind: 'chunk-done', period: input.period, chunk: 0, done: 1, total: 1 });
      const timing = {
        chunk: 0,
        worker: 0,
        startedAtMs: performance.timeOrigin + startedAt,
        finishedAtMs: performance.timeOrigin + finishedAt,
        rows: counts.rowsRead,
      };
      return {
        ...counts,
        relation: changesAny(counts) ? ident(CHANGE_SET) : undefined,
        latency,
        snapshot: undefined,
        timings: [timing],
      };
    },
    async release() {
      await exec(ctx.connection, sql.tableDrop(CHANGE_SET));
    },
    retire() {},
  };
}
