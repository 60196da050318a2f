import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/index.js';
import { cli, execute, query, snapshotRow, withTempDir, writeSnapshot } from '../../support/helpers.js';
import type { SnapshotRow } from '../../support/reference-model.js';

/**
 * Issue 23, item 5: a run never commits on top of a history that `check` would fail. Each edit is
 * made between two runs; the second run must refuse (exit 1) with nothing written.
 */

const YEARS = [2025, 2026, 2027, 2028];
/** Each key's salary by year; undefined: not in that year's snapshot. */
const SALARY: Record<string, (year: number) => string | undefined> = {
  // changes every year
  A: (y) => `${y - 2024}.00`,
  // leaves in 2027
  B: (y) => (y <= 2026 ? '1.00' : undefined),
  // never changes
  C: () => '1.00',
  // changes once, in 2026
  D: (y) => (y === 2025 ? '1.00' : '2.00'),
  // leaves in 2026, returns in 2027
  E: (y) => (y === 2026 ? undefined : '1.00'),
};
const ROWS: SnapshotRow[] = YEARS.flatMap((y) =>
  Object.entries(SALARY).flatMap(([id, salary]) => {
    const s = salary(y);
    return s === undefined ? [] : [snapshotRow(id, y, s)];
  }),
);

const history = (db: string) => query(db, 'SELECT * EXCLUDE (dbt_updated_at) FROM scd_workforce_state ORDER BY ALL');
const ledger = (db: string) => query(db, 'SELECT * FROM scd_parallel_periods ORDER BY ALL');

/** The source, and its history through 2027 (made with `flags`). */
async function withHistory(flags: readonly string[], fn: (db: string) => Promise<void>): Promise<void> {
  await withTempDir(async (dir) => {
    const db = join(dir, 'sim.duckdb');
    await writeSnapshot(db, ROWS);
    expect((await cli('run', '--db', db, '--years', '2025-2027', ...flags)).code).toBe(0);
    await fn(db);
  });
}

/** `edit` made, then a run refused with exit 1 and a message holding each of `says`; nothing written. */
async function refusedAfter(
  db: string,
  edit: string,
  says: readonly string[],
  run: readonly string[] = ['--all'],
): Promise<string> {
  await execute(db, edit);
  return refused(db, says, run);
}

async function refused(db: string, says: readonly string[], run: readonly string[] = ['--all']): Promise<string> {
  const [rows, periods] = [await history(db), await ledger(db)];
  const result = await cli('run', '--db', db, ...run);
  expect([result.code, result.stdout]).toEqual([ExitCode.checkFailed, '']);
  for (const text of says) expect(result.stderr).toContain(text);
  expect(result.stderr).toContain(
    'nothing was written; undo the change, or rebuild it from the source with --full-refresh\n',
  );
  expect([await history(db), await ledger(db)]).toEqual([rows, periods]);
  return result.stderr;
}

const A_2025 = `employee_id = 'A' AND dbt_valid_from = DATE '2025-12-31'`;
const COPY = (where: string) =>
  `INSERT INTO scd_workforce_state BY NAME SELECT * EXCLUDE ` +
  `(record_hash, dbt_scd_id) FROM scd_workforce_state WHERE ${where}`;
const LEFT =
  'scd-parallel: scd_workforce_state is not as the engine left it when it applied period 2027, and check fails: ';

describe('5: a run never commits on top of a history that check would fail', () => {
  it.each([
    [
      "a closed version's dbt_valid_to lengthened to overlap",
      `UPDATE scd_workforce_state SET dbt_valid_to = DATE ` +
        `'2027-12-31' WHERE employee_id = 'D' AND NOT is_current_record`,
      'overlapping_intervals 1 (D)',
    ],
    [
      "a current version's dbt_valid_from moved earlier",
      `UPDATE scd_workforce_state SET dbt_valid_from = DATE '2025-12-31' WHERE employee_id = 'D' AND is_current_record`,
      'overlapping_intervals 1 (D)',
    ],
    [
      "a first version's dbt_valid_from moved earlier",
      `UPDATE scd_workforce_state SET dbt_valid_from = DATE '2024-12-31' WHERE employee_id = 'C'`,
      'unapplied_bounds 1 (C @ [2024-12-31, NULL))',
    ],
    [
      'a tracked value of a closed version changed',
      `UPDATE scd_workforce_state SET annual_salary = 9 WHERE ${A_2025}`,
      'reconcile_rows 1 (A @ 2025)',
    ],
    [
      'a closed version deleted',
      `DELETE FROM scd_workforce_state WHERE employee_id = 'A' AND dbt_valid_from = DATE '2026-12-31'`,
      'reconcile_rows 1 (A @ 2026)',
    ],
    ['a closed version duplicated', COPY(A_2025), 'overlapping_intervals 1 (A)'],
    [
      "a departed key's dbt_valid_to shortened",
      `UPDATE scd_workforce_state SET dbt_valid_to = DATE '2026-12-31' WHERE employee_id = 'B'`,
      'reconcile_rows 1 (B @ 2026)',
    ],
    [
      'a tracked value of a current version changed',
      `UPDATE scd_workforce_state SET annual_salary = 9 WHERE employee_id = 'C'`,
      'reconcile_rows 3 (C @ 2025, C @ 2026, C @ 2027)',
    ],
    [
      "a closed version's flag flipped",
      `UPDATE scd_workforce_state SET is_current_record = true WHERE ${A_2025}`,
      'multiple_current 1 (A); current_flag 1 (A)',
    ],
    [
      "a current version's flag flipped",
      `UPDATE scd_workforce_state SET is_current_record = false WHERE employee_id = 'C'`,
      'current_flag 1 (C)',
    ],
    [
      'a key changed',
      `UPDATE scd_workforce_state SET employee_id = 'Z' WHERE ${A_2025}`,
      'reconcile_rows 1 (A @ 2025)',
    ],
  ])('5: %s: run refuses, exit 1, nothing written', async (_, edit, failure) => {
    await withHistory([], async (db) => {
      await execute(db, edit);
      expect((await cli('check', '--db', db)).code).toBe(ExitCode.checkFailed);
      expect((await refused(db, [LEFT, failure])).length).toBeLessThan(2048);
    });
  });

  it.each([
    [
      "a period's effective date",
      `UPDATE scd_parallel_periods SET effective_date = TIMESTAMP '2026-12-30' WHERE period = 2026`,
    ],
    ['a period deleted', 'DELETE FROM scd_parallel_periods WHERE period = 2026'],
    ['a period duplicated', 'INSERT INTO scd_parallel_periods SELECT * FROM scd_parallel_periods WHERE period = 2026'],
    ["a period's rows", 'UPDATE scd_parallel_periods SET rows_read = 4 WHERE period = 2025'],
    ["a period's number", 'UPDATE scd_parallel_periods SET period = 2024 WHERE period = 2025'],
  ])('5: the ledger edited (%s): run refuses, exit 1, nothing written', async (_, edit) => {
    await withHistory([], async (db) => {
      const stderr = await refusedAfter(db, edit, []);
      expect(stderr).toBe(
        'scd-parallel: scd_workforce_state is not as the engine left it: the periods ' +
          'recorded in scd_parallel_periods changed since it recorded period 2027; nothing ' +
          'was written; undo the change, or rebuild it from the source with --full-refresh\n',
      );
    });
  });

  it("5: the ledger's last period deleted: the versions it wrote are found, run refuses", async () => {
    await withHistory([], async (db) => {
      await refusedAfter(db, 'DELETE FROM scd_parallel_periods WHERE period = 2027', [
        'scd-parallel: scd_workforce_state is not as the engine left it when it applied period 2026, and check fails: ',
        'unapplied_validity 2 (A @ [2027-12-31, NULL), E @ [2027-12-31, NULL)); unapplied_bounds 4 (',
      ]);
    });
  });

  it('5: a duplicated tombstone (hard deletes new_record): run refuses, exit 1, nothing written', async () => {
    await withHistory(['--hard-deletes', 'new_record'], async (db) => {
      await refusedAfter(db, COPY(`employee_id = 'E' AND dbt_is_deleted`), [
        LEFT,
        'overlapping_intervals 1 (E); tombstones 1 (E @ 2026-12-31)',
      ]);
    });
  });

  it('5: an edit found before a replay (--replace) refuses it before the rewind, nothing written', async () => {
    await withHistory([], async (db) => {
      await execute(
        db,
        `UPDATE fct_workforce_snapshot SET annual_salary = 7 WHERE employee_id = 'C' AND simulation_year = 2027`,
      );
      await refusedAfter(
        db,
        `UPDATE scd_workforce_state SET annual_salary = 9 WHERE ${A_2025}`,
        [LEFT, 'reconcile_rows 1 (A @ 2025)'],
        ['--all', '--replace'],
      );
    });
  });

  it('5: columns check does not read (pass-through columns, dbt_updated_at) may change: the run proceeds', async () => {
    await withHistory([], async (db) => {
      await execute(
        db,
        `UPDATE scd_workforce_state SET note = 'edited', dbt_updated_at = TIMESTAMP '2000-01-01' WHERE ${A_2025}`,
      );
      expect(await verified(db, '--all')).toEqual(matched(9));
      expect((await cli('check', '--db', db)).code).toBe(0);
    });
  });
});

/** run --json's verification. */
async function verified(db: string, ...args: string[]): Promise<{ mode: string; versions: number; recorded: boolean }> {
  const result = await cli('run', '--db', db, ...args, '--json');
  expect([result.code, result.stderr]).toEqual([0, '']);
  const { mode, versions, recorded, seconds } = JSON.parse(result.stdout).verification;
  expect(seconds).toBeGreaterThanOrEqual(0);
  return { mode, versions, recorded };
}

const matched = (versions: number, mode = 'full') => ({ mode, versions, recorded: false });

describe('5: the whole-history fingerprint holds through every path that writes the history', () => {
  it.each(['full', 'touched'])(
    '5: incremental periods, a rewind, a replay (--replace), a late period and a full refresh, verified %s',
    async (mode) => {
      const verification = (db: string, ...args: string[]) => verified(db, ...args, '--verify', mode);
      const matched = (versions: number) => ({ mode, versions, recorded: false });
      await withTempDir(async (dir) => {
        const db = join(dir, 'sim.duckdb');
        // 2026 is left out of the source at first: it arrives late
        await writeSnapshot(db, ROWS);
        await execute(
          db,
          'CREATE TABLE late AS SELECT * FROM fct_workforce_snapshot WHERE simulation_year ' +
            '= 2026; DELETE FROM fct_workforce_snapshot WHERE simulation_year = 2026',
        );
        expect(await verification(db, '--year', '2025')).toEqual({ mode: 'none', versions: 0, recorded: false });
        expect(await verification(db, '--year', '2027')).toEqual(matched(5));
        await execute(db, 'INSERT INTO fct_workforce_snapshot SELECT * FROM late');
        // the late period 2026: a replay from 2025
        expect(await verification(db, '--year', '2026')).toEqual(matched(7));
        expect(await verification(db, '--year', '2028')).toEqual(matched(9));
        expect((await cli('rewind', '--db', db, '--to', '2026')).code).toBe(0);
        expect(await verification(db, '--year', '2027')).toEqual(matched(7));
        await execute(
          db,
          `UPDATE fct_workforce_snapshot SET annual_salary = 7 WHERE employee_id = 'C' AND simulation_year = 2026`,
        );
        expect(await verification(db, '--all', '--replace')).toEqual(matched(9));
        expect(await verification(db, '--full-refresh', '--years', '2025-2027')).toEqual({
          mode: 'none',
          versions: 0,
          recorded: false,
        });
        expect(await verification(db, '--year', '2028')).toEqual(matched(11));
        expect((await cli('check', '--db', db)).code).toBe(0);
      });
    },
  );

  it.each([
    [
      'a composite key',
      ['--key', 'employee_id,department', '--tracked', 'annual_salary,job_level,employee_status'],
      'dbt_valid_from',
    ],
    ['TIMESTAMP validity', ['--validity-type', 'timestamp'], 'dbt_valid_from'],
    ['renamed meta columns', ['--meta-column-names', 'dbt_valid_from=vf,dbt_valid_to=vt'], 'vf'],
    ['an open end of 9999-12-31', ['--valid-to-current', '9999-12-31'], 'dbt_valid_from'],
    ['hard deletes ignore', ['--hard-deletes', 'ignore'], 'dbt_valid_from'],
    ['hard deletes new_record', ['--hard-deletes', 'new_record'], 'dbt_valid_from'],
  ])('5: %s: the next runs match the fingerprints, and an edit is refused', async (_, flags, from) => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'sim.duckdb');
      await writeSnapshot(db, ROWS);
      expect((await cli('run', '--db', db, '--years', '2025-2026', ...flags)).code).toBe(0);
      const versions = async () =>
        Number((await query<{ n: string }>(db, 'SELECT count(*) AS n FROM scd_workforce_state'))[0]?.n);
      for (const [year, mode] of [
        ['2027', 'full'],
        ['2028', 'touched'],
      ] as const) {
        const found = await versions();
        expect(await verified(db, '--year', year, '--verify', mode)).toEqual(matched(found, mode));
      }
      expect((await cli('rewind', '--db', db, '--to', '2027')).code).toBe(0);
      // touched: a current version's value; full: a closed version's
      await execute(db, `UPDATE scd_workforce_state SET annual_salary = 9 WHERE employee_id = 'C'`);
      const touched = await cli('run', '--db', db, '--all', '--verify', 'touched');
      expect([touched.code, touched.stderr]).toEqual([
        ExitCode.checkFailed,
        expect.stringContaining('current versions differ from those period 2027 left'),
      ]);
      await execute(db, `UPDATE scd_workforce_state SET annual_salary = 1 WHERE employee_id = 'C'`);
      await execute(
        db,
        `UPDATE scd_workforce_state SET annual_salary = 9 WHERE ` +
          `employee_id = 'A' AND CAST("${from}" AS DATE) = DATE '2025-12-31'`,
      );
      const full = await cli('run', '--db', db, '--all');
      expect([full.code, full.stderr]).toEqual([ExitCode.checkFailed, expect.stringContaining('reconcile_rows 1 (')]);
    });
  });

  it('5: an adopted dbt snapshot: a run matches its fingerprint; an edit of a closed version is refused', async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'sim.duckdb');
      await writeSnapshot(db, ROWS);
      // what dbt snapshot's check strategy leaves for 2025-2027, each run dated by its wall clock
      const run = (year: number) => {
        const at = `TIMESTAMPTZ '${year + 1}-01-05 09:00:00+00'`;
        return (
          `UPDATE snap SET dbt_valid_to = ${at} WHERE dbt_valid_to IS NULL AND NOT EXISTS (
                  SELECT 1 FROM fct_workforce_snapshot s WHERE s.simulation_year = ${year} AND ` +
          `s.employee_id = snap.employee_id AND s.annual_salary = snap.annual_salary);
                INSERT INTO snap SELECT s.*, md5(s.employee_id || ` +
          `'|${year}'), ${at}, ${at}, NULL FROM fct_workforce_snapshot s
                WHERE s.simulation_year = ${year} AND NOT EXISTS (SELECT 1 FROM snap ` +
          `WHERE snap.employee_id = s.employee_id AND dbt_valid_to IS NULL);`
        );
      };
      await execute(
        db,
        `CREATE TABLE snap AS SELECT *, CAST(NULL AS VARCHAR) AS ` +
          `dbt_scd_id, CAST(NULL AS TIMESTAMPTZ) AS dbt_updated_at,
           CAST(NULL AS TIMESTAMPTZ) AS dbt_valid_from, CAST(NULL AS ` +
          `TIMESTAMPTZ) AS dbt_valid_to FROM fct_workforce_snapshot WHERE false;
         ${[2025, 2026, 2027].map(run).join('\n')}`,
      );
      expect((await cli('adopt', '--db', db, '--target', 'snap')).code).toBe(0);
      // the last adopted period's fingerprints, recorded by adopt
      expect(await verified(db, '--year', '2028', '--target', 'snap', '--verify', 'touched')).toEqual(
        matched(9, 'touched'),
      );
      expect((await cli('rewind', '--db', db, '--to', '2027', '--target', 'snap')).code).toBe(0);
      expect(await verified(db, '--year', '2028', '--target', 'snap')).toEqual(matched(9));
      expect((await cli('rewind', '--db', db, '--to', '2027', '--target', 'snap')).code).toBe(0);
      await execute(db, `UPDATE snap SET annual_salary = 9 WHERE employee_id = 'A' AND annual_salary = 1`);
      const result = await cli('run', '--db', db, '--year', '2028', '--target', 'snap');
      expect(result.code).toBe(ExitCode.checkFailed);
      expect(result.stderr).toContain(
        'scd-parallel: snap is not as the engine left it when it applied ' +
          'period 2027, and check fails: reconcile_rows 1 (A @ 2025)',
      );
    });
  });

  it('5: a ledger without fingerprints (an earlier version): checked whole once, recorded, then matched', async () => {
    await withHistory([], async (db) => {
      await execute(
        db,
        'ALTER TABLE scd_parallel_periods DROP COLUMN versions_fingerprint; ALTER TABLE scd_parallel_periods ' +
          'DROP COLUMN current_fingerprint; ALTER TABLE scd_parallel_periods DROP COLUMN ledger_fingerprint',
      );
      // even where it would verify what it touches: there is nothing recorded to compare with
      expect(await verified(db, '--year', '2028', '--verify', 'touched')).toEqual({
        mode: 'full',
        versions: 9,
        recorded: true,
      });
      expect((await cli('rewind', '--db', db, '--to', '2027')).code).toBe(0);
      expect(await verified(db, '--year', '2028')).toEqual(matched(9));
    });
  });

  it('5: runs verifying what they touch keep no whole-history fingerprint; the next full one checks all', async () => {
    await withHistory([], async (db) => {
      expect((await cli('rewind', '--db', db, '--to', '2026')).code).toBe(0);
      expect(await verified(db, '--year', '2027', '--verify', 'touched')).toEqual(matched(7, 'touched'));
      expect(
        await query(
          db,
          'SELECT period, versions_fingerprint IS NULL AS unknown ' +
            'FROM scd_parallel_periods WHERE period >= 2026 ORDER BY 1',
        ),
      ).toEqual([
        { period: '2026', unknown: false },
        { period: '2027', unknown: true },
      ]);
      expect(await verified(db, '--year', '2028')).toEqual({ mode: 'full', versions: 9, recorded: true });
      expect((await cli('rewind', '--db', db, '--to', '2027')).code).toBe(0);
      expect(await verified(db, '--year', '2028')).toEqual(matched(9));
    });
  });

  it('5: a replay onto a period recorded before fingerprints were: they are computed once rewound', async () => {
    await withHistory([], async (db) => {
      const columns = 'versions_fingerprint = NULL, current_fingerprint = NULL';
      await execute(db, `UPDATE scd_parallel_periods SET ${columns} WHERE period < 2027`);
      await execute(
        db,
        `UPDATE fct_workforce_snapshot SET annual_salary = 7 WHERE employee_id = 'C' AND simulation_year = 2027`,
      );
      expect(await verified(db, '--year', '2027', '--replace')).toEqual(matched(9));
      expect(await verified(db, '--year', '2028', '--verify', 'touched')).toEqual(matched(10, 'touched'));
      expect((await cli('rewind', '--db', db, '--to', '2027')).code).toBe(0);
      expect(await verified(db, '--year', '2028')).toEqual(matched(10));
    });
  });

  it('5: a ledger without fingerprints on a history check fails: refused, exit 1, nothing written', async () => {
    await withHistory([], async (db) => {
      await execute(
        db,
        'ALTER TABLE scd_parallel_periods DROP COLUMN versions_fingerprint; ALTER TABLE scd_parallel_periods ' +
          'DROP COLUMN current_fingerprint; ALTER TABLE scd_parallel_periods DROP COLUMN ledger_fingerprint',
      );
      await refusedAfter(db, `UPDATE scd_workforce_state SET annual_salary = 9 WHERE ${A_2025}`, [
        'scd-parallel: scd_workforce_state has no fingerprint of its whole ' +
          'history recorded (an earlier version, or a run with --verify touched, ' +
          'applied its last period), and check fails: reconcile_rows 1 (A @ 2025)',
      ]);
    });
  });

  it.each([
    ['full', 'versions_fingerprint'],
    ['touched', 'current_fingerprint'],
  ])(
    '5: a fingerprint that differs while check passes (as after a DuckDB ' +
      'upgrade that changed hash()), %s: checked whole, recorded again',
    async (mode, column) => {
      await withHistory([], async (db) => {
        await execute(db, `UPDATE scd_parallel_periods SET ${column} = '1'`);
        expect(await verified(db, '--year', '2028', '--verify', mode)).toEqual({ mode, versions: 9, recorded: true });
        expect((await cli('rewind', '--db', db, '--to', '2027')).code).toBe(0);
        expect(await verified(db, '--year', '2028', '--verify', mode)).toEqual(matched(9, mode));
      });
    },
  );
});

describe('5: --verify full|touched', () => {
  it('5: touched proves the ledger and current versions, not closed versions of keys the run leaves', async () => {
    await withHistory([], async (db) => {
      await refusedAfter(
        db,
        `UPDATE scd_parallel_periods SET effective_date = TIMESTAMP '2026-12-30' WHERE period = 2026`,
        [],
        ['--all', '--verify', 'touched'],
      );
      await execute(db, `UPDATE scd_parallel_periods SET effective_date = TIMESTAMP '2026-12-31' WHERE period = 2026`);
      const stderr = await refusedAfter(
        db,
        `UPDATE scd_workforce_state SET annual_salary = 9 WHERE employee_id = 'C'`,
        [],
        ['--all', '--verify', 'touched'],
      );
      expect(stderr).toContain(
        'scd-parallel: scd_workforce_state is not as the engine left it when it applied ' +
          'period 2027 (its 4 current versions differ from those period 2027 left), and ' +
          'check fails: reconcile_rows 3 (C @ 2025, C @ 2026, C @ 2027); nothing was written',
      );
      await execute(db, `UPDATE scd_workforce_state SET annual_salary = 1 WHERE employee_id = 'C'`);
      // documented: a closed version of a key the run does not change is not read
      await execute(db, `UPDATE scd_workforce_state SET annual_salary = 9 WHERE ${A_2025}`);
      expect(await verified(db, '--all', '--verify', 'touched')).toEqual(matched(9, 'touched'));
    });
  });

  it('5: an unknown --verify is refused, exit 2', async () => {
    await withHistory([], async (db) => {
      const result = await cli('run', '--db', db, '--all', '--verify', 'some');
      expect([result.code, result.stderr]).toEqual([
        ExitCode.badInput,
        'scd-parallel: --verify must be one of full, touched, got some\n',
      ]);
    });
  });

  it('5: by default full where it is cheap next to the run (measured), touched beyond', async () => {
    const { verifyMode } = await import('../../../src/engine/1-plan/verify-history.js');
    const { fullUpToVersions, versionsPerRowApplied } = (await import('../../../src/defaults.js')).DEFAULTS.verify;
    // a small history whatever the run applies; a deep one when the run applies enough rows
    expect([verifyMode(undefined, fullUpToVersions, 1), verifyMode(undefined, fullUpToVersions + 1, 1)]).toEqual([
      'full',
      'touched',
    ]);
    const rows = fullUpToVersions;
    expect([
      verifyMode(undefined, rows * versionsPerRowApplied, rows),
      verifyMode(undefined, rows * versionsPerRowApplied + 1, rows),
    ]).toEqual(['full', 'touched']);
    expect([verifyMode('full', Number.MAX_SAFE_INTEGER, 1), verifyMode('touched', 1, 1)]).toEqual(['full', 'touched']);
  });
});
