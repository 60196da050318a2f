import type { DuckDBConnection } from '@duckdb/node-api';
import { one, toNumber } from '../../db/database.js';
import { historyNotAsLeft, integrityFailed } from '../../errors/index.js';
import { appliedPeriods, recordFingerprints } from '../../history/ledger.js';
import { ledgerFingerprint } from '../../history/ledger-fingerprint.js';
import { type Fragment, type HistorySpec, sql } from '../../sql/index.js';
import type { PeriodInput } from '../1-plan/planner.js';
import { failedChecks } from '../1-plan/verify-history.js';
import type { EngineContext } from '../context.js';
import { type CheckOutcome, type FoundRow, failuresOf, foundChecks } from './integrity.js';

/**
 * In the caller's transaction: the fingerprints of the history, of its current versions and of its
 * ledger, computed whole, recorded on the latest applied period (none: nothing to record).
 */
export async function recordWholeFingerprints(connection: DuckDBConnection, spec: HistorySpec): Promise<void> {
  const applied = await appliedPeriods(connection, spec);
  const latest = applied.at(-1);
  if (latest === undefined) return;
  type Whole = { versions_fingerprint: string; current_fingerprint: string };
  const whole = await one<Whole>(connection, sql.historyFingerprint(spec));
  const history = { versions: whole.versions_fingerprint, current: whole.current_fingerprint };
  await recordFingerprints(connection, spec, latest.period, history, ledgerFingerprint(applied));
}

/**
 * The run's first period, in its transaction and before its apply (after a replay's rewind), and
 * what the verification before the run left to it (src/engine/1-plan/verify-history.ts): where the
 * fingerprints are to be recorded anew, or the period it stands on lacks one the run needs (a
 * replay onto one applied before), they are computed whole and recorded; else, where the run
 * verifies what it touches, the history as found is checked against the fingerprint of the
 * current versions that period recorded (verify/found.sql). Where it differs, every check of
 * `check` runs: a history it fails is refused, naming both; one it passes (hash() changed) has its
 * fingerprints recorded anew.
 * `changes`: the period's change set, where it has one.
 */
export async function settleFound(
  ctx: EngineContext,
  input: PeriodInput,
  changes: Fragment | undefined,
): Promise<CheckOutcome[]> {
  const startedAt = performance.now();
  try {
    return await settle(ctx, input, changes);
  } finally {
    ctx.found.firstPeriod.seconds += (performance.now() - startedAt) / 1000;
  }
}

async function settle(ctx: EngineContext, input: PeriodInput, changes: Fragment | undefined): Promise<CheckOutcome[]> {
  const { connection, spec } = ctx;
  const previous = (await appliedPeriods(connection, spec)).at(-1);
  const { versionsFingerprint, currentFingerprint: current } = previous ?? {
    versionsFingerprint: '0',
    currentFingerprint: '0',
  };
  // The period the run stands on (a replay's, once rewound) lacks a fingerprint the run needs: the
  // current versions', and the whole history's where the run keeps it (not with --verify touched).
  const lacking = current === null || (ctx.found.verification.mode !== 'touched' && versionsFingerprint === null);
  if (ctx.found.rebase || lacking) {
    await recordWholeFingerprints(connection, spec);
    return [];
  }
  if (!ctx.found.check) return [];
  const previous_date = input.previousEffectiveDate;
  const row = await one<FoundRow>(connection, sql.verifyFound(spec), { previous_date });
  const overlap = async (c: Fragment) => {
    const { overlapping } = await one<{ overlapping: bigint }>(connection, sql.verifyFoundOverlap(spec, c), {
      previous_date,
    });
    return toNumber(overlapping);
  };
  // Only a key whose current version starts before that date can have such an overlap.
  const overlapping = toNumber(row.older_current) === 0 || changes === undefined ? 0 : await overlap(changes);
  const found = foundChecks(row, current, overlapping, input.previousPeriod);
  const differs = failuresOf(found);
  if (differs.length === 0) return found;
  if (input.previousPeriod === null) throw integrityFailed(input.period, differs);
  // What differs may be only hash() (a DuckDB upgrade): check, which compares values, decides.
  const failed = await failedChecks(connection, spec, ctx.logger, null);
  const adopted = spec.config.adopted !== null;
  if (failed.length > 0) throw historyNotAsLeft(spec.target.text, input.previousPeriod, differs, failed, adopted);
  await recordWholeFingerprints(connection, spec);
  ctx.found.firstPeriod.recorded = true;
  return [];
}
