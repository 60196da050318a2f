import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunOptions } from '../../../src/index.js';
import { checkHistory, ExitCode, runScd, ScdError } from '../../../src/index.js';
import { execute, query, snapshotRow, withTempDir, writeSnapshot } from '../../support/helpers.js';

const row = snapshotRow;
const clean = [2025, 2026, 2027].flatMap((y) => ['A', 'B', 'C'].map((id) => row(id, y, `${y}.00`)));

async function tables(db: string): Promise<string[]> {
  return (await query<{ table_name: string }>(db, 'SELECT table_name FROM duckdb_tables() ORDER BY 1')).map(
    (r) => r.table_name,
  );
}

/** Runs with `options` on a fresh source, prepared by `sql`; expects exit 2 with `message` and no table written. */
async function refused(message: string, sql: string | undefined, options: Partial<RunOptions> = {}): Promise<void> {
  await withTempDir(async (dir) => {
    const db = join(dir, 'sim.duckdb');
    await writeSnapshot(db, clean);
    if (sql !== undefined) await execute(db, sql);
    const before = await tables(db);
    const error = await runScd({ db, selection: { kind: 'all' }, chunks: 2, workers: 2, ...options }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ScdError);
    expect([(error as ScdError).exitCode, (error as ScdError).message]).toEqual([ExitCode.badInput, message]);
    expect(await tables(db)).toEqual(before);
  });
}

describe('bad input: a clear message, exit code 2, nothing written', () => {
  it('a NULL key, even in the last period', async () => {
    await refused(
      'employee_id is NULL in 1 rows of period 2027',
      `UPDATE fct_workforce_snapshot SET employee_id = NULL WHERE employee_id = 'C' AND simulation_year = 2027`,
    );
  });

  it('a (key, period) twice names up to 10 keys', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `'D${String(i).padStart(2, '0')}'`);
    await refused(
      `employee_id repeats within a ` +
        `period: ${Array.from({ length: 10 }, (_, i) => `D${String(i).padStart(2, '0')} (2x in 2026)`).join(', ')}`,
      `INSERT INTO fct_workforce_snapshot SELECT unnest([${ids}]), 2026, ` +
        `1, 'L1', 'HR', 'active', DATE '2026-12-31', '' FROM range(2)`,
    );
  });

  it('the source table missing', async () => {
    await refused('source table fct_workforce_snapshot does not exist', 'DROP TABLE fct_workforce_snapshot');
  });

  it('a column renamed', async () => {
    await refused(
      'tracked column department is missing from fct_workforce_snapshot (columns: employee_id, ' +
        'simulation_year, annual_salary, job_level, dept, employee_status, effective_date, note)',
      'ALTER TABLE fct_workforce_snapshot RENAME department TO dept',
    );
  });

  it('a column of the wrong type', async () => {
    await refused(
      'effective-date column effective_date must be DATE, got VARCHAR',
      'ALTER TABLE fct_workforce_snapshot ALTER effective_date TYPE VARCHAR',
    );
  });

  it('a source whose columns no longer match the existing history', async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'sim.duckdb');
      await writeSnapshot(
        db,
        clean.filter((r) => r.simulation_year === 2025),
      );
      await runScd({ db, selection: { kind: 'all' } });
      await execute(
        db,
        `ALTER TABLE fct_workforce_snapshot ADD COLUMN bonus INTEGER; INSERT INTO ` +
          `fct_workforce_snapshot VALUES ('A', 2026, 1, 'L1', 'HR', 'active', DATE '2026-12-31', '', 5)`,
      );
      const error = (await runScd({ db, selection: { kind: 'all' } }).catch((e: unknown) => e)) as ScdError;
      expect([error.exitCode, error.message]).toEqual([
        ExitCode.badInput,
        'history table scd_workforce_state does not match the source (missing: ' +
          'bonus INTEGER; unexpected: none); rebuild it with fullRefresh',
      ]);
    });
  });

  it('tracked columns other than the history was built with', async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'sim.duckdb');
      await writeSnapshot(db, clean);
      await runScd({ db, selection: { kind: 'range', from: 2025, to: 2025, exact: true } });
      const table = { trackedColumns: ['department', 'job_level'] };
      const error = (await runScd({ db, selection: { kind: 'all' }, table }).catch((e: unknown) => e)) as ScdError;
      expect([error.exitCode, error.message]).toEqual([
        ExitCode.badInput,
        'history table scd_workforce_state tracks annual_salary, job_level, department, ' +
          'employee_status, not department, job_level; rebuild it with fullRefresh',
      ]);
      await runScd({ db, selection: { kind: 'all' }, table, fullRefresh: true });
      await runScd({ db, selection: { kind: 'all' }, table });
      expect((await checkHistory({ db, table })).ok).toBe(true);
    });
  });

  it('a temp directory that cannot be written', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'a-file');
      writeFileSync(file, '');
      const tempDirectory = join(file, 'tmp');
      const db = join(dir, 'sim.duckdb');
      await writeSnapshot(db, clean);
      const error = (await runScd({ db, selection: { kind: 'all' }, tempDirectory }).catch(
        (e: unknown) => e,
      )) as ScdError;
      expect(error.exitCode).toBe(ExitCode.badInput);
      expect(error.message).toBe(
        `temp directory ${tempDirectory} is not usable: ENOTDIR; name another with tempDirectory`,
      );
      expect(await tables(db)).toEqual(['fct_workforce_snapshot']);
    });
  });
});

describe('an explicitly requested period with no rows', () => {
  it('is refused by default and, with allowEmpty, closes every current version', async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'sim.duckdb');
      await writeSnapshot(db, [...clean, row('A', 2030)]);
      await runScd({ db, selection: { kind: 'range', from: 2025, to: 2027, exact: false } });
      const exact = { kind: 'range' as const, from: 2028, to: 2028, exact: true };
      const refusedEmpty = (await runScd({ db, selection: exact }).catch((e: unknown) => e)) as ScdError;
      expect([refusedEmpty.exitCode, refusedEmpty.message]).toEqual([
        ExitCode.badInput,
        'period 2028 not in the source (source periods: 2025, 2026, 2027, 2030)',
      ]);

      const report = await runScd({ db, selection: exact, allowEmpty: true });
      expect(report.periods.map((p) => [p.period, p.effectiveDate, p.rowsRead, p.removedVersions])).toEqual([
        [2028, '2028-12-31', 0, 3],
      ]);
      expect(await query(db, 'SELECT count(*) AS n FROM scd_workforce_state WHERE is_current_record')).toEqual([
        { n: '0' },
      ]);
      expect((await checkHistory({ db })).ok).toBe(true);

      await runScd({ db, selection: { kind: 'all' } });
      expect(
        await query(
          db,
          `SELECT employee_id, CAST(dbt_valid_from AS VARCHAR) AS f FROM scd_workforce_state WHERE is_current_record`,
        ),
      ).toEqual([{ employee_id: 'A', f: '2030-12-31' }]);
      expect((await checkHistory({ db })).ok).toBe(true);
    });
  });
});
