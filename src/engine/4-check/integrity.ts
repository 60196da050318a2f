import { toNumber } from '../../db/database.js';

/**
 * One in-transaction check of a period: its name (as mon_scd_integrity_checks records it), its count, and what a
 * failure says.
 */
export interface CheckOutcome {
  readonly name: string;
  readonly violations: number;
  readonly failure: string;
}

export interface VerifyRow {
  /** NULL where the check leaves it to `verify_duplicates`, which runs only on a failure. */
  duplicate_current: bigint | null;
  current_rows: bigint;
  snapshot_rows: bigint;
  fingerprint_match: boolean;
  snapshot_fingerprint: string;
  flag_mismatch: bigint;
  inverted: bigint;
  future_bounds: bigint;
  /** The fingerprint of the current versions after the period, and of those it closed (verify/apply.sql), as text. */
  current_fingerprint: string;
  /** Null where not summed (verifyPeriod). */
  closed_fingerprint: string | null;
}

export interface FoundRow {
  current_rows: bigint;
  current_fingerprint: string;
  late_bounds: bigint;
  /** Current versions starting before the previous period's date: verify_found_overlap then runs. */
  older_current: bigint;
}

const outcome = (name: string, violations: number, failure: string): CheckOutcome => ({ name, violations, failure });

/**
 * The history as found (verify/found.sql) against the fingerprint of the current versions the
 * previous period recorded (`recorded`: '0' when there is none), and the overlaps found
 * (verify/found_overlap.sql) among the keys the period changes.
 */
export function foundChecks(
  row: FoundRow,
  recorded: string,
  overlapping: number,
  previousPeriod: number | null,
): CheckOutcome[] {
  const previous = previousPeriod === null ? 'no applied period' : `period ${previousPeriod}`;
  return [
    outcome(
      'history_as_found',
      row.current_fingerprint === recorded ? 0 : 1,
      `its ${row.current_rows} current versions differ from those ${previous} left`,
    ),
    outcome(
      'no_late_bounds_found',
      toNumber(row.late_bounds),
      `${row.late_bounds} versions start or end after the date of ${previous}`,
    ),
    outcome(
      'no_overlap_found',
      overlapping,
      `${overlapping} keys it changes have a closed version ending after their current one starts`,
    ),
  ];
}

/** Whether the current versions are, by count and fingerprint, exactly the snapshot's `expectedRows`. */
export function currentMatches(row: VerifyRow, expectedRows: number): boolean {
  return (
    row.fingerprint_match && toNumber(row.current_rows) === expectedRows && toNumber(row.snapshot_rows) === expectedRows
  );
}

/** After the apply: the current versions are exactly the snapshot, and every version is well formed. */
export function verifyChecks(row: VerifyRow, expectedRows: number): CheckOutcome[] {
  const current = toNumber(row.current_rows);
  const snapshot = toNumber(row.snapshot_rows);
  return [
    outcome(
      'one_current_per_key',
      toNumber(row.duplicate_current),
      `${row.duplicate_current} keys have more than one current version`,
    ),
    outcome(
      'current_count',
      Math.abs(current - expectedRows) + Math.abs(snapshot - expectedRows),
      `${row.current_rows} current versions for ${row.snapshot_rows} snapshot rows`,
    ),
    outcome(
      'current_fingerprint',
      row.fingerprint_match ? 0 : 1,
      'current versions do not match the snapshot (fingerprint)',
    ),
    outcome(
      'current_flag',
      toNumber(row.flag_mismatch),
      `${row.flag_mismatch} versions have is_current_record inconsistent with dbt_valid_to`,
    ),
    outcome(
      'inverted_intervals',
      toNumber(row.inverted),
      `${row.inverted} versions have dbt_valid_to <= dbt_valid_from`,
    ),
    outcome('future_bounds', toNumber(row.future_bounds), `${row.future_bounds} versions have bounds after the period`),
  ];
}

/** The statements' row counts against the change set. */
export function countChecks(counts: {
  closed: number;
  expectedClosed: number;
  inserted: number;
  expectedInserted: number;
}): CheckOutcome {
  const { closed, expectedClosed, inserted, expectedInserted } = counts;
  return outcome(
    'change_counts',
    Math.abs(closed - expectedClosed) + Math.abs(inserted - expectedInserted),
    `closed ${closed} of ${expectedClosed} and inserted ${inserted} of ${expectedInserted} versions`,
  );
}

/** Failures first from the check after the apply, then those found before it, in the order they were found. */
export function failuresOf(outcomes: readonly CheckOutcome[]): string[] {
  return outcomes.filter((o) => o.violations > 0).map((o) => o.failure);
}
