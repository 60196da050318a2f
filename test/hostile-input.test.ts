import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../src/index.js';
import { cli, execute, query, withTempDir, writeSnapshot } from './helpers.js';
import type { SnapshotRow } from './reference-model.js';

/** Defects a hostile test found (issue 12), each reproduced here first. */

const row = (id: string, year: number, salary: string): SnapshotRow => ({
  employee_id: id,
  simulation_year: year,
  annual_salary: salary,
  job_level: 'L1',
  department: 'HR',
  employee_status: 'active',
  effective_date: `${year}-12-31`,
  note: '',
});
const rows = [2025, 2026, 2027].flatMap((y) => ['A', 'B'].map((id) => row(id, y, `${y}.00`)));

async function withSource<T>(fn: (db: string) => Promise<T>, source: readonly SnapshotRow[] = rows): Promise<T> {
  return withTempDir(async (dir) => {
    const db = join(dir, 'sim.duckdb');
    await writeSnapshot(db, source);
    return fn(db);
  });
}

const tableNames = async (db: string) => (await query<{ t: string }>(db, `SELECT table_name AS t FROM duckdb_tables() ORDER BY 1`)).map((r) => r.t);

describe('wrong history with exit 0', () => {
  it('3: a full refresh naming the history in other case rebuilds that history and its ledger', async () => {
    await withSource(async (db) => {
      expect((await cli('run', '--db', db, '--all')).code).toBe(0);
      expect((await cli('run', '--db', db, '--full-refresh', '--year', '2025', '--target', 'SCD_WORKFORCE_STATE')).code).toBe(0);
      expect(await query(db, 'SELECT period FROM scd_parallel_periods ORDER BY 1')).toEqual([{ period: '2025' }]);
      const next = JSON.parse((await cli('run', '--db', db, '--all', '--json')).stdout);
      expect(next.periods.map((p: { period: number; status: string }) => [p.period, p.status])).toEqual([
        [2025, 'already-applied'],
        [2026, 'applied'],
        [2027, 'applied'],
      ]);
      expect((await cli('check', '--db', db)).code).toBe(0);
    });
  });

  it('3: the source named as target in other case is refused, exit 2', async () => {
    await withSource(async (db) => {
      const result = await cli('run', '--db', db, '--all', '--target', 'FCT_WORKFORCE_SNAPSHOT');
      expect([result.code, result.stderr]).toEqual([ExitCode.badInput, 'scd-parallel: source and target are the same table fct_workforce_snapshot\n']);
    });
  });

  it('5: a NULL period is bad input naming how many rows, and nothing is written', async () => {
    await withSource(async (db) => {
      await execute(db, `UPDATE fct_workforce_snapshot SET simulation_year = NULL WHERE simulation_year = 2026`);
      const result = await cli('run', '--db', db, '--all');
      expect([result.code, result.stderr]).toEqual([ExitCode.badInput, 'scd-parallel: period column simulation_year is NULL in 2 rows\n']);
      expect(await tableNames(db)).toEqual(['fct_workforce_snapshot']);
    });
  });

  it('6: BIGINT periods past 2^53 are refused up front, not rounded together', async () => {
    await withSource(async (db) => {
      await execute(
        db,
        `ALTER TABLE fct_workforce_snapshot ALTER simulation_year TYPE BIGINT;
         UPDATE fct_workforce_snapshot SET simulation_year = 9007199254740993 + (simulation_year - 2025)`,
      );
      const result = await cli('run', '--db', db, '--all');
      expect([result.code, result.stderr]).toEqual([
        ExitCode.badInput,
        'scd-parallel: period 9007199254740993 in simulation_year is outside the safe integer range (±9007199254740991)\n',
      ]);
      expect(await tableNames(db)).toEqual(['fct_workforce_snapshot']);
    });
  });
});

describe('correctness of unusual but valid input', () => {
  it('12: a tracked column whose name holds a comma works on every later run', async () => {
    await withSource(async (db) => {
      await execute(db, `ALTER TABLE fct_workforce_snapshot RENAME annual_salary TO "pay, annual"`);
      expect((await cli('run', '--db', db, '--year', '2025', '--config', await configFile(db, { trackedColumns: ['pay, annual', 'job_level'] }))).code).toBe(0);
      const next = await cli('run', '--db', db, '--all');
      expect([next.code, next.stderr]).toEqual([0, '']);
      expect((await cli('check', '--db', db)).code).toBe(0);
    });
  });

  it('13: source columns named like the engine\'s internal names are carried through every path', async () => {
    const odd = ['d', 'p', 'idx', '__d', '__h', '__idx', 'k0', 'h', 'action', 'chunk'];
    for (const mode of [['--full-refresh'], ['--inline'], ['--chunks', '3']]) {
      await withSource(async (db) => {
        await execute(db, odd.map((c) => `ALTER TABLE fct_workforce_snapshot ADD COLUMN "${c}" INTEGER DEFAULT 1;`).join('\n'));
        const result = await cli('run', '--db', db, '--all', ...mode);
        expect([result.code, result.stderr], mode.join(' ')).toEqual([0, '']);
        expect((await cli('check', '--db', db)).code).toBe(0);
        expect(await query(db, 'SELECT count(*) AS n FROM scd_workforce_state')).toEqual([{ n: '6' }]);
      });
    }
    await withSource(async (db) => {
      await execute(db, `ALTER TABLE fct_workforce_snapshot ADD COLUMN "__SCD_x" INTEGER`);
      const result = await cli('run', '--db', db, '--all', '--full-refresh');
      expect([result.code, result.stderr]).toEqual([
        ExitCode.badInput,
        "scd-parallel: source column __SCD_x starts with __scd_, which is reserved for the engine's internal names\n",
      ]);
    });
  });
});

async function configFile(db: string, config: object): Promise<string> {
  const { writeFileSync } = await import('node:fs');
  const path = `${db}.config.json`;
  writeFileSync(path, JSON.stringify(config));
  return path;
}
