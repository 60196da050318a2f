import type { DuckDBConnection } from '@duckdb/node-api';
import { describeRelation } from '../db/catalog.js';
import { all, exec, toNumber } from '../db/database.js';
import { earlierLedger } from '../errors/index.js';
import { ENGINE_VERSION } from '../paths.js';
import { BOOKKEEPING, type HistorySpec, sql } from '../sql/index.js';

/**
 * The periods ledger: which periods each history has applied, with their counts. A period's row
 * is written in the transaction that applies it, so the ledger and the history never disagree.
 */
export interface AppliedPeriod {
  readonly period: number;
  readonly effectiveDate: string;
  readonly appliedAt: string;
  readonly rowsRead: number;
  readonly newVersions: number;
  readonly changedVersions: number;
  readonly removedVersions: number;
  /** The sum of hash(key, tracked values) over the period's source rows when it was applied, as text. */
  readonly fingerprint: string;
}

/** Who applied a period, and how long it took up to its record. */
export interface PeriodRun {
  readonly runId: string;
  readonly seconds: number;
}


/** The column this version's ledger has and an earlier one's lacks. */
const LEDGER_MARK = 'fingerprint';

/** Whether the ledger exists; one written by an earlier version (without fingerprints) is refused, not misread. */
export async function ledgerExists(connection: DuckDBConnection): Promise<boolean> {
  const columns = await describeRelation(connection, BOOKKEEPING.periods);
  if (columns !== undefined && !columns.some((c) => c.name === LEDGER_MARK)) throw earlierLedger(BOOKKEEPING.periods.text);
  return columns !== undefined;
}

export async function createLedger(connection: DuckDBConnection): Promise<void> {
  await exec(connection, sql.periodsCreate());
  const columns = await describeRelation(connection, BOOKKEEPING.periods);
  if (columns?.find((c) => c.name === 'effective_date')?.type === 'DATE') await exec(connection, sql.periodsWiden());
}

/** The periods recorded as applied to the history, in order; none before the first run made the ledger. */
export async function appliedPeriods(connection: DuckDBConnection, spec: HistorySpec): Promise<AppliedPeriod[]> {
  if (!(await ledgerExists(connection))) return [];
  const rows = await all<{
    period: bigint;
    effective_date: string;
    applied_at: string;
    rows_read: bigint;
    new_versions: bigint;
    changed_versions: bigint;
    removed_versions: bigint;
    fingerprint: string;
  }>(connection, sql.periodsApplied(), { target: spec.target.canonical });
  return rows.map((p) => ({
    period: toNumber(p.period),
    effectiveDate: p.effective_date,
    appliedAt: p.applied_at,
    rowsRead: toNumber(p.rows_read),
    newVersions: toNumber(p.new_versions),
    changedVersions: toNumber(p.changed_versions),
    removedVersions: toNumber(p.removed_versions),
    fingerprint: p.fingerprint,
  }));
}

/** Inside the period's transaction. */
export async function recordPeriod(connection: DuckDBConnection, spec: HistorySpec, record: AppliedPeriod, run: PeriodRun): Promise<void> {
  await exec(connection, sql.periodsRecord(), {
    target: spec.target.canonical,
    period: record.period,
    effective_date: record.effectiveDate,
    applied_at: record.appliedAt,
    rows_read: record.rowsRead,
    new_versions: record.newVersions,
    changed_versions: record.changedVersions,
    removed_versions: record.removedVersions,
    fingerprint: record.fingerprint,
    run_id: run.runId,
    seconds: run.seconds,
    engine_version: ENGINE_VERSION,
  });
}

/** A period's fingerprint under the running DuckDB's hash(), once its source is known to match its history. */
export async function refingerprint(connection: DuckDBConnection, spec: HistorySpec, period: number, fingerprint: string): Promise<void> {
  await exec(connection, sql.periodsRefingerprint(), { target: spec.target.canonical, period, fingerprint });
}

export async function forgetPeriods(connection: DuckDBConnection, spec: HistorySpec): Promise<void> {
  await exec(connection, sql.periodsForget(), { target: spec.target.canonical });
}

/** `from`'s periods replace `to`'s, in the caller's transaction: a full refresh's rebuild, swapped in. */
export async function movePeriods(connection: DuckDBConnection, from: HistorySpec, to: HistorySpec): Promise<void> {
  await forgetPeriods(connection, to);
  await exec(connection, sql.periodsMove(), { from: from.target.canonical, to: to.target.canonical });
}
