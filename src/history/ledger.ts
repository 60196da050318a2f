import type { DuckDBConnection } from '@duckdb/node-api';
import { describeRelation } from '../db/catalog.js';
import { all, exec, toNumber } from '../db/database.js';
import { noteLakeCommit } from '../db/lake-commits.js';
import { earlierLedger } from '../errors/index.js';
import { ENGINE_VERSION } from '../paths.js';
import { BOOKKEEPING, type Column, type HistorySpec, sql } from '../sql/index.js';
import { ledgerFingerprint } from './ledger-fingerprint.js';

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
  /**
   * The fingerprints of the history and of its current versions after it (ledger/history_fingerprint.sql); null: none
   * recorded.
   */
  readonly versionsFingerprint: string | null;
  readonly currentFingerprint: string | null;
  /** The ledger's digest over its rows up to the period (ledger-fingerprint.ts); null: none recorded. */
  readonly ledgerFingerprint: string | null;
}

/** Who applied a period, and how long it took up to its record. */
export interface PeriodRun {
  readonly runId: string;
  readonly seconds: number;
}

/** The column this version's ledger has and an earlier one's lacks. */
const LEDGER_MARK = 'fingerprint';
/** The columns of whole-history fingerprints, which ledgers written before them lack (and are given). */
const FINGERPRINT_COLUMNS = ['versions_fingerprint', 'current_fingerprint', 'ledger_fingerprint'];
const hasFingerprints = (columns: readonly Column[] | undefined) =>
  columns !== undefined && FINGERPRINT_COLUMNS.every((name) => columns.some((c) => c.name === name));

/**
 * Whether the ledger exists, and has whole-history fingerprints; one without source fingerprints
 * (an earlier version's) is refused, not misread.
 */
async function ledgerColumns(connection: DuckDBConnection): Promise<{ exists: boolean; fingerprints: boolean }> {
  const columns = await describeRelation(connection, BOOKKEEPING.periods);
  if (columns !== undefined && !columns.some((c) => c.name === LEDGER_MARK))
    throw earlierLedger(BOOKKEEPING.periods.text);
  return { exists: columns !== undefined, fingerprints: hasFingerprints(columns) };
}

export async function ledgerExists(connection: DuckDBConnection): Promise<boolean> {
  return (await ledgerColumns(connection)).exists;
}

/** The periods the ledger holds from run `runId`, in order. */
export async function periodsOfRun(connection: DuckDBConnection, spec: HistorySpec, runId: string): Promise<number[]> {
  if (!(await ledgerExists(connection))) return [];
  const params = { target: spec.target.canonical, run_id: runId };
  const rows = await all<{ period: bigint }>(connection, sql.periodsOfRun(), params);
  return rows.map((r) => toNumber(r.period));
}

export async function createLedger(connection: DuckDBConnection): Promise<void> {
  await exec(connection, sql.periodsCreate());
  const columns = await describeRelation(connection, BOOKKEEPING.periods);
  if (columns?.find((c) => c.name === 'effective_date')?.type === 'DATE') await exec(connection, sql.periodsWiden());
  if (!hasFingerprints(columns)) await exec(connection, sql.periodsFingerprintsAdd());
}

/** The periods recorded as applied to the history, in order; none before the first run made the ledger. */
export async function appliedPeriods(connection: DuckDBConnection, spec: HistorySpec): Promise<AppliedPeriod[]> {
  const { exists, fingerprints } = await ledgerColumns(connection);
  if (!exists) return [];
  const rows = await all<{
    period: bigint;
    effective_date: string;
    applied_at: string;
    rows_read: bigint;
    new_versions: bigint;
    changed_versions: bigint;
    removed_versions: bigint;
    fingerprint: string;
    versions_fingerprint: string | null;
    current_fingerprint: string | null;
    ledger_fingerprint: string | null;
  }>(connection, sql.periodsApplied(fingerprints), { target: spec.target.canonical });
  return rows.map((p) => ({
    period: toNumber(p.period),
    effectiveDate: p.effective_date,
    appliedAt: p.applied_at,
    rowsRead: toNumber(p.rows_read),
    newVersions: toNumber(p.new_versions),
    changedVersions: toNumber(p.changed_versions),
    removedVersions: toNumber(p.removed_versions),
    fingerprint: p.fingerprint,
    versionsFingerprint: p.versions_fingerprint,
    currentFingerprint: p.current_fingerprint,
    ledgerFingerprint: p.ledger_fingerprint,
  }));
}

/** A period as its apply records it; its fingerprints follow from the ledger's rows before it. */
export type PeriodRecord = Omit<AppliedPeriod, 'versionsFingerprint' | 'currentFingerprint' | 'ledgerFingerprint'>;

/**
 * The fingerprints of a history's versions and of its current ones (ledger/history_fingerprint.sql), as text; null:
 * unknown.
 */
export interface HistoryFingerprints {
  readonly versions: string | null;
  readonly current: string | null;
}

/**
 * What a period's check gives (verify/apply.sql): the fingerprint of the current versions after
 * it, and of those it closed; null where the run does not keep the history's (--verify touched).
 */
export interface PeriodFingerprints {
  readonly current: string;
  readonly closed: string | null;
}

/**
 * Inside the period's transaction. A history's fingerprint is its current versions' plus its
 * closed versions'; the period adds those it closed to the latter, as recorded before it (0 before
 * the first period). Unknown (null) where the period before has none, or this one did not sum the
 * versions it closed. The ledger's digest is taken over its rows as read back, this one's included,
 * so that it compares with what a later run reads.
 */
export async function recordPeriod(
  connection: DuckDBConnection,
  spec: HistorySpec,
  record: PeriodRecord,
  run: PeriodRun,
  written: PeriodFingerprints,
): Promise<void> {
  const before = (await appliedPeriods(connection, spec)).at(-1);
  const base = before === undefined ? { versionsFingerprint: '0', currentFingerprint: '0' } : before;
  const { versionsFingerprint: versions, currentFingerprint: current } = base;
  const closedBefore = versions === null || current === null ? null : BigInt(versions) - BigInt(current);
  const closed = closedBefore === null || written.closed === null ? null : closedBefore + BigInt(written.closed);
  const after = {
    versions: closed === null ? null : String(closed + BigInt(written.current)),
    current: written.current,
  };
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
  const ledger = ledgerFingerprint(await appliedPeriods(connection, spec));
  await recordFingerprints(connection, spec, record.period, after, ledger);
  await noteLakeCommit(connection, spec, { runId: run.runId, what: `period ${record.period}` });
}

/** The fingerprints of the history and its ledger, recorded on `period` (ledger/periods_fingerprint.sql). */
export async function recordFingerprints(
  connection: DuckDBConnection,
  spec: HistorySpec,
  period: number,
  history: HistoryFingerprints,
  ledger: string,
): Promise<void> {
  await exec(connection, sql.periodsFingerprint(), {
    target: spec.target.canonical,
    period,
    versions_fingerprint: history.versions,
    current_fingerprint: history.current,
    ledger_fingerprint: ledger,
  });
}

/** A period's fingerprint under the running DuckDB's hash(), once its source is known to match its history. */
export async function refingerprint(
  connection: DuckDBConnection,
  spec: HistorySpec,
  period: number,
  fingerprint: string,
): Promise<void> {
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
