import { describe, expect, it } from 'vitest';
import {
  countChecks,
  currentMatches,
  failuresOf,
  foundChecks,
  type VerifyRow,
  verifyChecks,
} from '../../../../src/engine/4-check/integrity.js';

const clean: VerifyRow = {
  duplicate_current: 0n,
  current_rows: 5n,
  snapshot_rows: 5n,
  fingerprint_match: true,
  snapshot_fingerprint: '42',
  flag_mismatch: 0n,
  inverted: 0n,
  future_bounds: 0n,
  current_fingerprint: '42',
  closed_fingerprint: null,
};

const violations = (outcomes: ReturnType<typeof verifyChecks>) =>
  Object.fromEntries(outcomes.map((o) => [o.name, o.violations]));

describe("the checks of a period's apply", () => {
  it('pass a history whose current versions are exactly the snapshot', () => {
    expect(currentMatches(clean, 5)).toBe(true);
    expect(failuresOf(verifyChecks(clean, 5))).toEqual([]);
    expect(verifyChecks(clean, 5).map((o) => o.name)).toEqual([
      'one_current_per_key',
      'current_count',
      'current_fingerprint',
      'current_flag',
      'inverted_intervals',
      'future_bounds',
    ]);
  });

  it('count every violation, and say each failure with its numbers', () => {
    const bad: VerifyRow = {
      ...clean,
      duplicate_current: 2n,
      current_rows: 7n,
      fingerprint_match: false,
      flag_mismatch: 1n,
      inverted: 3n,
      future_bounds: 4n,
    };
    expect(currentMatches(bad, 5)).toBe(false);
    expect(violations(verifyChecks(bad, 5))).toEqual({
      one_current_per_key: 2,
      current_count: 2,
      current_fingerprint: 1,
      current_flag: 1,
      inverted_intervals: 3,
      future_bounds: 4,
    });
    expect(failuresOf(verifyChecks(bad, 5))).toEqual([
      '2 keys have more than one current version',
      '7 current versions for 5 snapshot rows',
      'current versions do not match the snapshot (fingerprint)',
      '1 versions have is_current_record inconsistent with dbt_valid_to',
      '3 versions have dbt_valid_to <= dbt_valid_from',
      '4 versions have bounds after the period',
    ]);
  });

  it('hold the snapshot to the rows expected: a matching fingerprint over the wrong count fails', () => {
    expect(currentMatches(clean, 6)).toBe(false);
    expect(violations(verifyChecks(clean, 6)).current_count).toBe(2);
    expect(violations(verifyChecks({ ...clean, snapshot_rows: 4n }, 5)).current_count).toBe(1);
    // Left to verify_duplicates (NULL): no violation counted here.
    expect(violations(verifyChecks({ ...clean, duplicate_current: null }, 5)).one_current_per_key).toBe(0);
  });

  it("compare the statements' row counts with the change set", () => {
    expect(countChecks({ closed: 3, expectedClosed: 3, inserted: 5, expectedInserted: 5 })).toEqual({
      name: 'change_counts',
      violations: 0,
      failure: 'closed 3 of 3 and inserted 5 of 5 versions',
    });
    expect(countChecks({ closed: 2, expectedClosed: 3, inserted: 7, expectedInserted: 5 }).violations).toBe(3);
  });
});

describe('the checks of the history as found', () => {
  const found = { current_rows: 5n, current_fingerprint: '42', late_bounds: 0n, older_current: 0n };

  it('pass the history the previous period left', () => {
    expect(failuresOf(foundChecks(found, '42', 0, 2025))).toEqual([]);
  });

  it('name the previous period, or that there was none, in what fails', () => {
    const outcomes = foundChecks({ ...found, current_fingerprint: '41', late_bounds: 2n }, '42', 3, 2025);
    expect(outcomes.map((o) => [o.name, o.violations])).toEqual([
      ['history_as_found', 1],
      ['no_late_bounds_found', 2],
      ['no_overlap_found', 3],
    ]);
    expect(failuresOf(outcomes)).toEqual([
      'its 5 current versions differ from those period 2025 left',
      '2 versions start or end after the date of period 2025',
      '3 keys it changes have a closed version ending after their current one starts',
    ]);
    expect(failuresOf(foundChecks(found, '0', 0, null))).toEqual([
      'its 5 current versions differ from those no applied period left',
    ]);
  });

  it('keep the order they are given in: after-apply failures first when listed first', () => {
    const after = countChecks({ closed: 0, expectedClosed: 1, inserted: 0, expectedInserted: 0 });
    const before = foundChecks({ ...found, late_bounds: 1n }, '42', 0, 2025);
    expect(failuresOf([after, ...before])).toEqual([
      'closed 0 of 1 and inserted 0 of 0 versions',
      '1 versions start or end after the date of period 2025',
    ]);
  });
});
