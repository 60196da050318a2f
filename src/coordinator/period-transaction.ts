import { one, toNumber, withTransaction } from '../db/database.js';
import { integrityFailed } from '../errors/index.js';
import { faultPoint } from '../faults.js';
import { recordPeriod } from '../history/ledger.js';
import { exchangeRelation, sql } from '../sql/index.js';
import type { Prepared } from './change-sets/change-set.js';
import type { EngineContext } from './engine-context.js';

interface VerifyRow {
  duplicate_current: bigint;
  current_rows: bigint;
  snapshot_rows: bigint;
  fingerprint_match: boolean;
  snapshot_fingerprint: string;
  flag_mismatch: bigint;
  inverted: bigint;
  future_bounds: bigint;
}

interface FoundRow {
  current_rows: bigint;
  duplicate_current: bigint;
  previous_rows: bigint;
  fingerprint_match: boolean;
  overlapping: bigint;
}

/** The history as the run found it: what the previous period left, untouched since. */
function foundFailures(row: FoundRow, previousPeriod: number | null): string[] {
  const failures: string[] = [];
  const previous = previousPeriod === null ? 'no applied period' : `period ${previousPeriod}`;
  if (toNumber(row.current_rows) !== toNumber(row.previous_rows) || toNumber(row.duplicate_current) > 0 || !row.fingerprint_match) {
    failures.push(`the history as found has ${row.current_rows} current versions, not the ${row.previous_rows} rows of ${previous} (changed or deleted since it was applied)`);
  }
  if (toNumber(row.overlapping) > 0) failures.push(`${row.overlapping} keys it changes have a closed version ending after their current one starts`);
  return failures;
}

function verifyFailures(row: VerifyRow, expectedRows: number): string[] {
  const failures: string[] = [];
  if (toNumber(row.duplicate_current) > 0) failures.push(`${row.duplicate_current} keys have more than one current version`);
  if (toNumber(row.current_rows) !== expectedRows || toNumber(row.snapshot_rows) !== expectedRows) {
    failures.push(`${row.current_rows} current versions for ${row.snapshot_rows} snapshot rows`);
  }
  if (!row.fingerprint_match) failures.push('current versions do not match the snapshot (fingerprint)');
  if (toNumber(row.flag_mismatch) > 0) failures.push(`${row.flag_mismatch} versions have is_current_record inconsistent with dbt_valid_to`);
  if (toNumber(row.inverted) > 0) failures.push(`${row.inverted} versions have dbt_valid_to <= dbt_valid_from`);
  if (toNumber(row.future_bounds) > 0) failures.push(`${row.future_bounds} versions have bounds after the period`);
  return failures;
}

/**
 * One period's steps: on a run's first period, check the history as found; close changed and
 * removed versions (MERGE), insert new ones, check integrity and record the period. Every failure
 * found is named together. Each step is timed as its phase and followed by its fault point.
 */
async function periodSteps(ctx: EngineContext, prepared: Prepared, firstOfRun: boolean): Promise<void> {
  const { input, changes, timer } = prepared;
  const { connection, spec } = ctx;
  const period = input.period;
  const startedAt = performance.now();
  const failures: string[] = [];
  const step = async (phase: 'merge' | 'insert' | 'check', work: () => Promise<void>) => {
    ctx.stopIfInterrupted();
    await timer.measure(phase, work);
    await faultPoint(phase, period);
  };
  if (firstOfRun) {
    await step('check', async () => {
      const relation = changes.relation ?? exchangeRelation([], ctx.keyTypes);
      const row = await one<FoundRow>(connection, sql.verifyFound(spec, relation), { previous_period: input.previousPeriod });
      failures.push(...foundFailures(row, input.previousPeriod));
    });
  }
  const relation = changes.relation;
  if (relation !== undefined) {
    let closed = 0;
    const tombstones = spec.config.hardDeletes === 'new_record';
    await step('merge', async () => {
      const params = { effective_date: input.effectiveDate };
      closed = toNumber((await connection.run(sql.closeVersions(spec, relation), params)).rowsChanged);
      // Rehires close their tombstones; how many of the new keys are rehires only the history knows.
      if (tombstones) {
        const rehired = toNumber((await connection.run(sql.closeTombstones(spec, relation), params)).rowsChanged);
        if (rehired > changes.newVersions) failures.push(`closed ${rehired} tombstones for ${changes.newVersions} new keys`);
      }
    });
    await step('insert', async () => {
      const params = { effective_date: input.effectiveDate, period, updated_at: ctx.updatedAt };
      const inserted = toNumber((await connection.run(sql.insertVersions(spec, relation), params)).rowsChanged);
      if (tombstones) {
        const buried = toNumber((await connection.run(sql.insertTombstones(spec, relation), { effective_date: input.effectiveDate, updated_at: ctx.updatedAt })).rowsChanged);
        if (buried !== changes.removedVersions) failures.push(`inserted ${buried} of ${changes.removedVersions} tombstones`);
      }
      const expectedClosed = changes.changedVersions + changes.removedVersions;
      const expectedInserted = changes.newVersions + changes.changedVersions;
      if (closed !== expectedClosed || inserted !== expectedInserted) {
        failures.push(`closed ${closed} of ${expectedClosed} and inserted ${inserted} of ${expectedInserted} versions`);
      }
    });
  }
  await step('check', async () => {
    const verify = await one<VerifyRow>(connection, sql.verifyApply(spec), { effective_date: input.effectiveDate, period });
    failures.unshift(...verifyFailures(verify, changes.rowsRead));
    if (failures.length > 0) throw integrityFailed(period, failures);
    const record = { ...input, appliedAt: ctx.updatedAt, ...changes, fingerprint: verify.snapshot_fingerprint };
    await recordPeriod(connection, spec, record, { runId: ctx.runId, seconds: (performance.now() - startedAt) / 1000 });
  });
}

/**
 * A period in ONE transaction of its own: any failure rolls the whole period back. With `outer`,
 * its steps run in the caller's transaction instead (a replay commits all its periods at once).
 */
export async function applyPeriod(ctx: EngineContext, prepared: Prepared, firstOfRun: boolean, outer = false): Promise<void> {
  if (outer) return periodSteps(ctx, prepared, firstOfRun);
  const { input, timer } = prepared;
  await withTransaction(
    ctx.connection,
    async () => {
      await periodSteps(ctx, prepared, firstOfRun);
      await faultPoint('commit', input.period);
      ctx.stopIfInterrupted();
    },
    (commit) => timer.measure('commit', commit),
  );
  await faultPoint('committed', input.period);
}
