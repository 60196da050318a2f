import { withTransaction } from '../../db/database.js';
import { faultPoint } from '../../faults.js';
import type { AppliedPeriod } from '../../history/ledger.js';
import { rewindTo } from '../../history/remove-periods.js';
import type { PeriodReport } from '../../model/run-report.js';
import type { PeriodInput } from '../1-plan/planner.js';
import { inlineStrategy } from '../2-change-sets/inline.js';
import type { Prepared } from '../2-change-sets/strategy.js';
import type { EngineContext } from '../context.js';
import { applyPeriods } from './pipeline.js';

/**
 * A replay (a late period, or --replace) in ONE transaction: the history is rewound to `keep`
 * (null: emptied), then `inputs` are applied in order, so it is either the old history or the new
 * one. Change sets are computed inline: workers read exports of the committed history, which
 * would not see the rewind. Periods applied before are reported as replaced.
 */
export async function replayPeriods(
  ctx: EngineContext,
  keep: AppliedPeriod | null,
  inputs: readonly PeriodInput[],
  applied: readonly AppliedPeriod[],
  onApplied: (report: PeriodReport, prepared: Prepared) => void,
): Promise<void> {
  const first = inputs[0]?.period ?? 0;
  const before = new Set(applied.map((a) => a.period));
  const reports: Array<[PeriodReport, Prepared]> = [];
  await withTransaction(ctx.connection, async () => {
    const rewound = await rewindTo(ctx.connection, ctx.spec, keep);
    ctx.logger.info({ period: keep?.period ?? null, ...rewound }, 'history rewound for a replay');
    await faultPoint('rewind', first);
    await applyPeriods(
      ctx,
      inlineStrategy(ctx),
      inputs,
      (report, prepared) =>
        reports.push([{ ...report, status: before.has(report.period) ? 'replaced' : 'applied' }, prepared]),
      {
        outerTransaction: true,
      },
    );
    await faultPoint('commit', first);
    ctx.throwIfAborted();
  });
  await faultPoint('committed', first);
  // Reported once committed: until then, none of them is.
  for (const [report, prepared] of reports) {
    ctx.onProgress({ kind: 'period-done', period: report.period, status: report.status, seconds: report.seconds });
    onApplied(report, prepared);
  }
}
