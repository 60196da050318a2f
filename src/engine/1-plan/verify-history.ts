import type { DuckDBConnection } from '@duckdb/node-api';
import type { Logger } from 'pino';
import { one } from '../../db/database.js';
import { DEFAULTS } from '../../defaults.js';
import { historyNotAsLeft, ledgerNotAsLeft } from '../../errors/index.js';
import { type CheckResult, runChecks } from '../../history/checks.js';
import type { AppliedPeriod } from '../../history/ledger.js';
import { ledgerFingerprint } from '../../history/ledger-fingerprint.js';
import type { Verification, VerifyMode } from '../../model/verification.js';
import { BOOKKEEPING, type HistorySpec, sql } from '../../sql/index.js';

/** How the run's first period treats the history it stands on. */
export interface FoundHistory {
  /** What was verified before the run; its seconds leave out the first period's own (`firstPeriod`). */
  readonly verification: Verification;
  /** Check it as found (verify/found.sql): unless a full verification proved it whole. */
  readonly check: boolean;
  /** Record the fingerprints of the history and ledger, computed whole, on the latest period first. */
  readonly rebase: boolean;
  /**
   * What the first period adds (../4-check/found-history.ts): its time on the history as found, and
   * whether it recorded anew.
   */
  readonly firstPeriod: { seconds: number; recorded: boolean };
}

function found(verification: Verification, check: boolean, rebase: boolean): FoundHistory {
  return { verification, check, rebase, firstPeriod: { seconds: 0, recorded: false } };
}

/** Nothing found to verify: a first run, a full refresh (its rebuild is checked as any history), nothing applied. */
export function notVerified(): FoundHistory {
  return found({ mode: 'none', versions: 0, seconds: 0, recorded: false }, true, false);
}

/** The run's verification as its report gives it: before the run, and in its first period. */
export function verificationReport({ verification, firstPeriod }: FoundHistory): Verification {
  if (verification.mode === 'none') return verification;
  const recorded = verification.recorded || firstPeriod.recorded;
  return { ...verification, seconds: verification.seconds + firstPeriod.seconds, recorded };
}

/**
 * `verify` unset: full where one scan of the history costs at most a tenth of the year steps the
 * run applies (or the history is small enough for it to cost next to nothing), touched beyond.
 * The scan grows with the versions, a year step with its rows (see DEFAULTS.verify).
 */
export function verifyMode(setting: VerifyMode | undefined, versions: number, rowsApplied: number): VerifyMode {
  if (setting !== undefined) return setting;
  const { fullUpToVersions, versionsPerRowApplied } = DEFAULTS.verify;
  return versions <= Math.max(fullUpToVersions, rowsApplied * versionsPerRowApplied) ? 'full' : 'touched';
}

/**
 * Refuses a ledger whose rows are not those its latest period's digest was taken over; one without
 * a digest (written before them) is checked whole by verifyHistory.
 */
export function verifyLedger(spec: HistorySpec, applied: readonly AppliedPeriod[]): void {
  const latest = applied.at(-1);
  if (latest?.ledgerFingerprint == null || ledgerFingerprint(applied) === latest.ledgerFingerprint) return;
  throw ledgerNotAsLeft(spec.target.text, BOOKKEEPING.periods.text, latest.period, spec.config.adopted !== null);
}

/** A failed check for a message: its name, count and a few samples, each cut short. */
function failure(check: CheckResult): string {
  const samples = check.sample.slice(0, 3).map((s) => (s.length > 40 ? `${s.slice(0, 39)}…` : s));
  return `${check.name} ${check.violations} (${samples.join(', ')}${check.sample.length > 3 ? ', …' : ''})`;
}

/**
 * Every check of `check`, the source compared only up to `through` (null: every applied period),
 * where the history is not as its fingerprints say: the failed ones, as a message names them.
 * A slow path (at 51M versions it took minutes), taken only then.
 */
export async function failedChecks(
  connection: DuckDBConnection,
  spec: HistorySpec,
  logger: Logger,
  through: number | null,
): Promise<string[]> {
  logger.warn({ target: spec.target.text }, 'history not as its fingerprints say: checking the whole history');
  return (await runChecks(connection, spec, through)).checks.filter((c) => c.violations > 0).map(failure);
}

export interface FoundState {
  /** Rows of the history found; undefined: no history yet. */
  readonly targetRows: number | undefined;
  readonly applied: readonly AppliedPeriod[];
  /** The source rows of the periods the run applies. */
  readonly rowsApplied: number;
  /** A replay rewinds to this period (null: to empty) before applying; undefined otherwise. */
  readonly rewindTo: number | null | undefined;
}

/**
 * Before anything is written, proves the history a run stands on. full: one scan sums every
 * version's hash over what `check` reads (ledger/history_fingerprint.sql), which must equal the sum the
 * ledger's latest period recorded, so the history is exactly what the engine last committed. Where
 * none was recorded (an earlier version wrote the ledger), or it differs, every check of `check`
 * runs (the source compared only up to the period a replay keeps): a history it fails is refused
 * (exit 1), naming the failures; one it passes (a DuckDB upgrade changed hash()) has its
 * fingerprints recorded anew. touched: the first period checks the history as found instead
 * (../4-check/found-history.ts). The ledger itself was compared with its digest when read (verifyLedger).
 */
export async function verifyHistory(
  connection: DuckDBConnection,
  spec: HistorySpec,
  logger: Logger,
  state: FoundState,
  setting: VerifyMode | undefined,
): Promise<FoundHistory> {
  const latest = state.applied.at(-1);
  if (state.targetRows === undefined || latest === undefined) return notVerified();
  const startedAt = performance.now();
  const versions = state.targetRows;
  const mode = verifyMode(setting, versions, state.rowsApplied);
  // touched compares the current versions' fingerprint, full the whole history's; runs that
  // verified what they touched keep only the former, earlier versions neither.
  const unrecorded = (mode === 'touched' ? latest.currentFingerprint : latest.versionsFingerprint) === null;
  const done = (mode: VerifyMode, check: boolean, rebase: boolean): FoundHistory => {
    const verification = { mode, versions, seconds: (performance.now() - startedAt) / 1000, recorded: rebase };
    logger.info({ ...verification }, 'history verified');
    return found(verification, check, rebase);
  };
  if (mode === 'touched' && !unrecorded) return done('touched', true, false);
  const whole = await one<{ versions_fingerprint: string }>(connection, sql.historyFingerprint(spec));
  if (whole.versions_fingerprint === latest.versionsFingerprint) return done('full', false, false);
  // A replay compares the source only up to the period it keeps: it applies the later ones again.
  const through = state.rewindTo === undefined ? null : (state.rewindTo ?? Number.MIN_SAFE_INTEGER);
  const failed = await failedChecks(connection, spec, logger, through);
  const adopted = spec.config.adopted !== null;
  if (failed.length > 0)
    throw historyNotAsLeft(spec.target.text, unrecorded ? null : latest.period, [], failed, adopted);
  return done('full', false, true);
}
