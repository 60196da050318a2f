import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/index.js';
import { cli, execute, query, snapshotRow, withTempDir, writeSnapshot } from '../../support/helpers.js';

/** A re-simulated year must never pass as already applied (issue 8's first part: the run ledger). */
const rows = [2025, 2026, 2027].flatMap((y) => ['A', 'B', 'C', 'D'].map((id) => snapshotRow(id, y, `${y}.00`)));

async function withApplied<T>(fn: (db: string) => Promise<T>): Promise<T> {
  return withTempDir(async (dir) => {
    const db = join(dir, 'sim.duckdb');
    await writeSnapshot(db, rows);
    expect((await cli('run', '--db', db, '--all', '--chunks', '2')).code).toBe(0);
    return fn(db);
  });
}

const history = (db: string) => query(db, 'SELECT * EXCLUDE (dbt_updated_at) FROM scd_workforce_state ORDER BY ALL');

describe('a source that changed under its history', () => {
  it('a re-simulated period is refused by every run, naming it and how many keys differ; nothing written', async () => {
    await withApplied(async (db) => {
      const before = await history(db);
      await execute(
        db,
        `UPDATE fct_workforce_snapshot SET annual_salary = annual_salary + ` +
          `1 WHERE simulation_year = 2026 AND employee_id IN ('A', 'B', 'C')`,
      );
      for (const args of [['--all'], ['--year', '2027'], ['--years', '2025-2027', '--inline']]) {
        const result = await cli('run', '--db', db, ...args);
        expect([result.code, result.stderr], args.join(' ')).toEqual([
          ExitCode.badInput,
          'scd-parallel: source period 2026 has changed since it was applied to ' +
            'scd_workforce_state: 3 keys differ from the history; apply it again with --replace\n',
        ]);
      }
      expect(await history(db)).toEqual(before);
      expect((await cli('run', '--db', db, '--all', '--full-refresh')).code).toBe(0);
      expect((await cli('run', '--db', db, '--all')).code).toBe(0);
      expect((await cli('check', '--db', db)).code).toBe(0);
    });
  });

  it('a removed row counts, a pass-through column does not', async () => {
    await withApplied(async (db) => {
      await execute(db, `UPDATE fct_workforce_snapshot SET note = 'changed' WHERE simulation_year = 2026`);
      expect((await cli('run', '--db', db, '--all')).code).toBe(0);
      await execute(db, `DELETE FROM fct_workforce_snapshot WHERE simulation_year = 2025 AND employee_id = 'D'`);
      expect((await cli('run', '--db', db, '--all')).stderr).toBe(
        'scd-parallel: source period 2025 has changed since it was applied to ' +
          'scd_workforce_state: 1 keys differ from the history; apply it again with --replace\n',
      );
    });
  });

  it('rows that arrive late for a period applied empty are refused', async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'sim.duckdb');
      await writeSnapshot(db, [...rows.filter((r) => r.simulation_year === 2025), snapshotRow('A', 2028)]);
      expect((await cli('run', '--db', db, '--year', '2025')).code).toBe(0);
      expect((await cli('run', '--db', db, '--year', '2026', '--allow-empty')).code).toBe(0);
      await execute(
        db,
        `INSERT INTO fct_workforce_snapshot SELECT * REPLACE (2026 AS simulation_year, DATE ` +
          `'2026-12-31' AS effective_date) FROM fct_workforce_snapshot WHERE simulation_year = 2025`,
      );
      expect((await cli('run', '--db', db, '--all')).stderr).toBe(
        'scd-parallel: source period 2026 has changed since it was applied to ' +
          'scd_workforce_state: 4 keys differ from the history; apply it again with --replace\n',
      );
    });
  });

  it('the ledger records fingerprint, run and engine version of every period, also from a full refresh', async () => {
    await withApplied(async (db) => {
      const ledger = await query<{
        period: string;
        fingerprint: string;
        run_id: string;
        engine_version: string;
        seconds: number | null;
      }>(db, 'SELECT period, fingerprint, run_id, engine_version, seconds FROM scd_parallel_periods ORDER BY period');
      expect(ledger.map((l) => l.period)).toEqual(['2025', '2026', '2027']);
      expect(new Set(ledger.map((l) => l.run_id)).size).toBe(1);
      expect(
        ledger.every((l) => /^\d+$/.test(l.fingerprint) && l.engine_version === '0.1.0' && Number(l.seconds) > 0),
      ).toBe(true);
      expect((await cli('run', '--db', db, '--all', '--full-refresh')).code).toBe(0);
      const rebuilt = await query<{ fingerprint: string; run_id: string; seconds: number }>(
        db,
        'SELECT fingerprint, run_id, seconds FROM scd_parallel_periods ORDER BY period',
      );
      expect(rebuilt.map((r) => r.fingerprint)).toEqual(ledger.map((l) => l.fingerprint));
      expect(rebuilt.every((r) => r.run_id !== ledger[0]?.run_id && Number(r.seconds) > 0)).toBe(true);
    });
  });
});

describe('what the ledger is compared with', () => {
  it('a re-dated period is refused, naming both dates', async () => {
    await withApplied(async (db) => {
      await execute(
        db,
        `UPDATE fct_workforce_snapshot SET effective_date = DATE '2026-06-30' WHERE simulation_year = 2026`,
      );
      expect((await cli('run', '--db', db, '--all')).stderr).toBe(
        'scd-parallel: source period 2026 was applied to scd_workforce_state as of ' +
          '2026-12-31 but is now dated 2026-06-30; apply it again with --replace\n',
      );
    });
  });

  it('a fingerprint off while the history still matches (a new hash()) is recorded again, not refused', async () => {
    await withApplied(async (db) => {
      const before = await query(db, 'SELECT period, fingerprint FROM scd_parallel_periods ORDER BY period');
      await execute(db, `UPDATE scd_parallel_periods SET fingerprint = '12345' WHERE period = 2026`);
      expect(await cli('run', '--db', db, '--all')).toMatchObject({ code: 0, stderr: '' });
      expect(await query(db, 'SELECT period, fingerprint FROM scd_parallel_periods ORDER BY period')).toEqual(before);
    });
  });

  it('a ledger written by an earlier version is refused, not misread', async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'sim.duckdb');
      await writeSnapshot(db, rows);
      await execute(
        db,
        `CREATE TABLE scd_parallel_periods (target_table VARCHAR, ` +
          `period BIGINT, effective_date DATE, applied_at TIMESTAMP,
           rows_read BIGINT, new_versions BIGINT, changed_versions BIGINT, removed_versions BIGINT)`,
      );
      expect(await cli('run', '--db', db, '--all')).toMatchObject({
        code: ExitCode.badInput,
        stderr:
          'scd-parallel: scd_parallel_periods was written by an earlier version of scd-parallel; ' +
          'rebuild: drop it, its histories and scd_parallel_histories, then run again\n',
      });
    });
  });

  it("a lease copied from another project's database is not trusted to delete anything", async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'sim.duckdb');
      await writeSnapshot(db, rows);
      const { mkdirSync, writeFileSync, existsSync } = await import('node:fs');
      const other = join(dir, 'other.duckdb.scd-tmp');
      mkdirSync(join(other, 'run-1-2'), { recursive: true });
      writeFileSync(`${db}.scd-run`, other);
      expect((await cli('run', '--db', db, '--all')).code).toBe(0);
      expect(existsSync(join(other, 'run-1-2'))).toBe(true);
      expect(existsSync(`${db}.scd-run`)).toBe(false);
    });
  });
});
