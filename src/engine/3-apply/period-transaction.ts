import { changeRows, withTransaction } from '../../db/database.js';
import { integrityFailed } from '../../errors/index.js';
import { faultPoint } from '../../faults.js';
import { type PeriodFingerprints, recordPeriod } from '../../history/ledger.js';
import { recordPeriodMonitoring } from '../../monitoring/period.js';
import { sql } from '../../sql/index.js';
import { applySides, type Prepared } from '../2-change-sets/strategy.js';
import { settleFound } from '../4-check/found-history.js';
import { type CheckOutcome, countChecks, failuresOf, verifyChecks } from '../4-check/integrity.js';
import { verifyPeriod } from '../4-check/verify-period.js';
import type { EngineContext } from '../context.js';
import { closeVersions } from './close.js';

/**
 * One period's steps: on a run's first period, check the history as found; close changed and
 * removed versions (the `merge` phase, an UPDATE), insert new ones, check integrity and record the period. Every
 * failure found is named together. Each step is timed as its phase and followed by its fault point.
 */
async function periodSteps(
  ctx: EngineContext,
  prepared: Prepared,
  startedAt: number,
  firstOfRun: boolean,
): Promise<void> {
  const { input, changes, timer } = prepared;
  const { connection, spec } = ctx;
  const period = input.period;
  const outcomes: CheckOutcome[] = [];
  const step = async (phase: 'merge' | 'insert' | 'check', work: () => Promise<void>) => {
    ctx.throwIfAborted();
    await timer.measure(phase, work);
    await faultPoint(phase, period);
  };
  // The history as found: proven whole before the run, or checked here (../4-check/found-history.ts).
  if (firstOfRun) {
    await step('check', async () => {
      outcomes.push(...(await settleFound(ctx, input, changes.relation)));
    });
  }
  const relation = changes.relation;
  if (relation !== undefined) {
    let closed = 0;
    const tombstones = spec.config.hardDeletes === 'new_record';
    const sides = applySides(changes, spec.config.hardDeletes);
    await step('merge', async () => {
      const params = { effective_date: input.effectiveDate };
      closed = await closeVersions(connection, spec, relation, sides.close, params, outcomes);
      // Rehires close their tombstones; how many of the new keys are rehires only the history knows.
      if (tombstones) {
        const rehired = await changeRows(connection, sql.closeTombstones(spec, relation), params);
        outcomes.push({
          name: 'tombstones_closed',
          violations: Math.max(0, rehired - changes.newVersions),
          failure: `closed ${rehired} tombstones for ${changes.newVersions} new keys`,
        });
      }
    });
    await step('insert', async () => {
      const params = { effective_date: input.effectiveDate, period, updated_at: ctx.updatedAt };
      const inserted = await changeRows(connection, sql.insertVersions(spec, relation, sides.insert), params);
      if (tombstones) {
        const buried = await changeRows(connection, sql.insertTombstones(spec, relation), {
          effective_date: input.effectiveDate,
          updated_at: ctx.updatedAt,
        });
        outcomes.push({
          name: 'tombstones_inserted',
          violations: Math.abs(buried - changes.removedVersions),
          failure: `inserted ${buried} of ${changes.removedVersions} tombstones`,
        });
      }
      const expectedClosed = changes.changedVersions + changes.removedVersions;
      outcomes.push(
        countChecks({
          closed,
          expectedClosed,
          inserted,
          expectedInserted: changes.newVersions + changes.changedVersions,
        }),
      );
    });
  }
  let fingerprint = '';
  let written: PeriodFingerprints = { current: '0', closed: '0' };
  await step('check', async () => {
    const keepsHistory = ctx.found.verification.mode !== 'touched';
    const verify = await verifyPeriod(connection, spec, input, changes.rowsRead, keepsHistory);
    outcomes.unshift(...verifyChecks(verify, changes.rowsRead));
    const failures = failuresOf(outcomes);
    if (failures.length > 0) throw integrityFailed(period, failures);
    fingerprint = verify.snapshot_fingerprint;
    written = { current: verify.current_fingerprint, closed: verify.closed_fingerprint };
  });
  // Bookkeeping, after the timed phases so that the monitoring rows hold them whole.
  const seconds = (performance.now() - startedAt) / 1000;
  const figures = {
    runId: ctx.runId,
    period,
    rowsRead: changes.rowsRead,
    phases: timer.summary(),
    timings: changes.timings,
  };
  await recordPeriodMonitoring(connection, spec, { ...figures, checks: outcomes, seconds }, firstOfRun);
  const record = { ...input, appliedAt: ctx.updatedAt, ...changes, fingerprint };
  await recordPeriod(connection, spec, record, { runId: ctx.runId, seconds }, written);
}

/**
 * A period in ONE transaction of its own: any failure rolls the whole period back. With `outer`,
 * its steps run in the caller's transaction instead (a replay commits all its periods at once).
 * `startedAt` (performance.now()): when the period began to add time to the run, the end of the
 * previous commit; its time up to its record is counted from there.
 */
export async function applyPeriod(
  ctx: EngineContext,
  prepared: Prepared,
  startedAt: number,
  firstOfRun: boolean,
  outer = false,
): Promise<void> {
  if (outer) return periodSteps(ctx, prepared, startedAt, firstOfRun);
  const { input, timer } = prepared;
  await withTransaction(
    ctx.connection,
    async () => {
      await periodSteps(ctx, prepared, startedAt, firstOfRun);
      await faultPoint('commit', input.period);
      ctx.throwIfAborted();
    },
    (commit) => timer.measure('commit', commit),
  );
  await faultPoint('committed', input.period);
}
