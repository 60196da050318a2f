import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/index.js';
import {
  cli,
  execute,
  query,
  readHistory,
  readSource,
  snapshotRow,
  withTempDir,
  writeSnapshot,
} from '../../support/helpers.js';
import { type HardDeletes, referenceHistory, type SnapshotRow } from '../../support/reference-model.js';

/**
 * dbt's hard-delete modes on every path: A stays, B is deleted for good, C is deleted then
 * reinserted (a rehire), D is deleted, reinserted and deleted again.
 */
const present: Record<string, number[]> = {
  A: [2025, 2026, 2027, 2028],
  B: [2025],
  C: [2025, 2027, 2028],
  D: [2025, 2027],
};
const rows: SnapshotRow[] = Object.entries(present).flatMap(([id, years]) =>
  years.map((y) => snapshotRow(id, y, id === 'C' && y === 2028 ? '9.00' : '1.00')),
);
const MODES: readonly HardDeletes[] = ['invalidate', 'new_record', 'ignore'];
// One chunk is exported with a plain COPY, more chunks with PARTITION_BY: both are paths.
const PATHS = [
  ['--chunks', '3', '--workers', '2'],
  ['--chunks', '1', '--workers', '1'],
  ['--inline'],
  ['--full-refresh'],
];

async function withSource<T>(fn: (db: string) => Promise<T>): Promise<T> {
  return withTempDir(async (dir) => {
    const db = join(dir, 'sim.duckdb');
    await writeSnapshot(db, rows);
    return fn(db);
  });
}

describe.each(MODES)('hard deletes: %s', (mode) => {
  const expected = referenceHistory(rows, { hardDeletes: mode });
  const read = (db: string) => readHistory(db, 'scd_workforce_state', mode === 'new_record');

  it.each(PATHS)(
    'deletes, a rehire, and delete-reinsert-delete match the reference (%s); repeated runs change nothing',
    async (...path) => {
      await withSource(async (db) => {
        expect((await cli('run', '--db', db, '--all', '--hard-deletes', mode, ...path)).code).toBe(0);
        expect(await read(db)).toEqual(expected);
        for (let i = 0; i < 2; i++) expect((await cli('run', '--db', db, '--all')).code).toBe(0);
        expect(await read(db)).toEqual(expected);
        expect((await cli('check', '--db', db)).code).toBe(0);
      });
    },
  );

  it('year by year, rewind and replay, and replace stay consistent', async () => {
    await withSource(async (db) => {
      for (const year of [2025, 2026, 2027, 2028])
        expect((await cli('run', '--db', db, '--year', String(year), '--hard-deletes', mode)).code).toBe(0);
      expect(await read(db)).toEqual(expected);
      expect((await cli('rewind', '--db', db, '--to', '2026')).code).toBe(0);
      expect(await read(db)).toEqual(referenceHistory(rows, { hardDeletes: mode, upToPeriod: 2026 }));
      expect((await cli('check', '--db', db)).code).toBe(0);
      expect((await cli('run', '--db', db, '--all')).code).toBe(0);
      expect(await read(db)).toEqual(expected);
      // Re-simulated: B returns in 2027 with a raise.
      await execute(
        db,
        `INSERT INTO fct_workforce_snapshot SELECT * REPLACE (2027 AS simulation_year, ` +
          `DATE '2027-12-31' AS effective_date, annual_salary + 5 AS annual_salary)
         FROM fct_workforce_snapshot WHERE employee_id = 'B'`,
      );
      expect((await cli('run', '--db', db, '--all')).code).toBe(ExitCode.badInput);
      expect((await cli('run', '--db', db, '--all', '--replace')).code).toBe(0);
      expect(await read(db)).toEqual(referenceHistory(await readSource(db), { hardDeletes: mode }));
      expect((await cli('check', '--db', db)).code).toBe(0);
    });
  });
});

describe('the hard-delete mode', () => {
  it('is recorded with the history; a contradicting flag is refused', async () => {
    await withSource(async (db) => {
      expect((await cli('run', '--db', db, '--year', '2025', '--hard-deletes', 'new_record')).code).toBe(0);
      expect(await query(db, 'SELECT hard_deletes FROM scd_parallel_histories')).toEqual([
        { hard_deletes: 'new_record' },
      ]);
      expect(await cli('run', '--db', db, '--all', '--hard-deletes', 'ignore')).toMatchObject({
        code: ExitCode.badInput,
        stderr:
          'scd-parallel: history table scd_workforce_state handles hard ' +
          'deletes by new_record, not ignore; rebuild it with --full-refresh\n',
      });
      expect(await cli('run', '--db', db, '--all', '--hard-deletes', 'soft')).toMatchObject({
        code: ExitCode.badInput,
        stderr: 'scd-parallel: --hard-deletes must be one of invalidate, new_record, ignore, got soft\n',
      });
    });
  });

  it('a current tombstone beside a current version is refused by the next run, which commits nothing', async () => {
    await withSource(async (db) => {
      expect((await cli('run', '--db', db, '--years', '2025-2026', '--hard-deletes', 'new_record')).code).toBe(0);
      await execute(
        db,
        `INSERT INTO scd_workforce_state BY NAME SELECT * EXCLUDE (record_hash, ` +
          `dbt_scd_id) REPLACE (DATE '2026-12-31' AS dbt_valid_from, true AS dbt_is_deleted)
         FROM scd_workforce_state WHERE employee_id = 'A' AND is_current_record`,
      );
      const result = await cli('run', '--db', db, '--all');
      expect(result.code).toBe(ExitCode.checkFailed);
      expect(result.stderr).toContain('and check fails: multiple_current 1 (A)');
      expect(await query(db, 'SELECT max(period) AS p FROM scd_parallel_periods')).toEqual([{ p: '2026' }]);
    });
  });

  it('with ignore, a period whose rows all vanished is a change, not a new hash()', async () => {
    await withSource(async (db) => {
      expect((await cli('run', '--db', db, '--all', '--hard-deletes', 'ignore')).code).toBe(0);
      await execute(db, 'DELETE FROM fct_workforce_snapshot WHERE simulation_year = 2026');
      expect((await cli('run', '--db', db, '--all')).stderr).toBe(
        'scd-parallel: source period 2026 has changed since it was applied to ' +
          'scd_workforce_state: 1 keys differ from the history; apply it again with --replace\n',
      );
      expect((await cli('run', '--db', db, '--all', '--replace')).stderr).toBe(
        'scd-parallel: period 2026 was applied with 1 rows but has none in the ' +
          'source now; to apply it again as an empty snapshot, pass --allow-empty\n',
      );
      expect((await cli('run', '--db', db, '--all', '--replace', '--allow-empty')).code).toBe(0);
      expect((await cli('check', '--db', db)).code).toBe(0);
    });
  });

  it('check finds a duplicated tombstone', async () => {
    await withSource(async (db) => {
      expect((await cli('run', '--db', db, '--all', '--hard-deletes', 'new_record')).code).toBe(0);
      await execute(
        db,
        `UPDATE scd_workforce_state SET dbt_valid_to = DATE '2027-12-31', ` +
          `is_current_record = false WHERE employee_id = 'B' AND dbt_is_deleted;
         INSERT INTO scd_workforce_state BY NAME SELECT * EXCLUDE (record_hash, dbt_scd_id) REPLACE ` +
          `(DATE '2027-12-31' AS dbt_valid_from, NULL AS dbt_valid_to, true AS is_current_record)
         FROM scd_workforce_state WHERE employee_id = 'B' AND dbt_is_deleted`,
      );
      const result = await cli('check', '--db', db, '--json');
      const tombstones = (
        JSON.parse(result.stdout) as { checks: Array<{ name: string; violations: number; sample: string[] }> }
      ).checks.find((c) => c.name === 'tombstones');
      expect([result.code, tombstones?.violations, tombstones?.sample]).toEqual([
        ExitCode.checkFailed,
        1,
        ['B @ 2027-12-31'],
      ]);
    });
  });
});
