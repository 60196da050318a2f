import { one, toNumber, withTransaction } from '../db/database.js';
import { applyCountMismatch, integrityFailed } from '../errors/index.js';
import { faultPoint } from '../faults.js';
import { recordPeriod } from '../history/ledger.js';
import { sql } from '../sql/index.js';
import type { Prepared } from './change-sets/change-set.js';
import type { EngineContext } from './engine-context.js';
import type { Phase } from './phases.js';

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
 * ONE transaction: close changed and removed versions (MERGE), insert new ones, check integrity
 * and record the period; any failure rolls the whole period back. Each step is timed as its phase
 * and followed by its fault point.
 */
export async function applyPeriod(ctx: EngineContext, prepared: Prepared, firstOfRun: boolean): Promise<void> {
  const { input, changes, timer } = prepared;
  const { connection, spec } = ctx;
  const period = input.period;
  const startedAt = performance.now();
  const found: string[] = [];
  let closed = 0;
  let inserted = 0;
  const steps: Array<readonly [Phase & ('merge' | 'insert' | 'check'), () => Promise<void>]> = [];
  if (changes.relation !== undefined) {
    const relation = changes.relation;
    if (firstOfRun) {
      steps.push(['check', async () => {
        const row = await one<FoundRow>(connection, sql.verifyFound(spec, relation), { previous_period: input.previousPeriod });
        found.push(...foundFailures(row, input.previousPeriod));
      }]);
    }
    steps.push(['merge', async () => {
      closed = toNumber((await connection.run(sql.closeVersions(spec, relation), { effective_date: input.effectiveDate })).rowsChanged);
    }]);
    steps.push(['insert', async () => {
      const params = { effective_date: input.effectiveDate, period, updated_at: ctx.updatedAt };
      inserted = toNumber((await connection.run(sql.insertVersions(spec, relation), params)).rowsChanged);
      const expectedClosed = changes.changedVersions + changes.removedVersions;
      const expectedInserted = changes.newVersions + changes.changedVersions;
      if (closed !== expectedClosed || inserted !== expectedInserted) throw applyCountMismatch(period, closed, expectedClosed, inserted, expectedInserted);
    }]);
  }
  steps.push(['check', async () => {
    const verify = await one<VerifyRow>(connection, sql.verifyApply(spec), { effective_date: input.effectiveDate, period });
    const failures = verifyFailures(verify, changes.rowsRead);
    failures.push(...found);
    if (failures.length > 0) throw integrityFailed(period, failures);
    const record = { ...input, appliedAt: ctx.updatedAt, ...changes, fingerprint: verify.snapshot_fingerprint };
    await recordPeriod(connection, spec, record, { runId: ctx.runId, seconds: (performance.now() - startedAt) / 1000 });
  }]);
  await withTransaction(
    connection,
    async () => {
      for (const [phase, step] of steps) {
        ctx.stopIfInterrupted();
        await timer.measure(phase, step);
        await faultPoint(phase, period);
      }
      await faultPoint('commit', period);
      ctx.stopIfInterrupted();
    },
    (commit) => timer.measure('commit', commit),
  );
  await faultPoint('committed', period);
}
