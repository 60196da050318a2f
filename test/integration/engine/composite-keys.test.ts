import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunOptions } from '../../../src/index.js';
import { checkHistory, ExitCode, reportHistory, runScd, ScdError } from '../../../src/index.js';
import { cli, execute, query, withTempDir } from '../../support/helpers.js';

const KEY = { keyColumns: ['scenario_id', 'employee_id'] };

/** A snapshot keyed by (scenario_id, employee_id): rows of [scenario, employee, year, salary]. */
async function writeScenarios(
  db: string,
  rows: ReadonlyArray<readonly [string | null, string | null, number, number]>,
): Promise<void> {
  const values = rows.map(
    ([s, e, y, pay]) =>
      `(${s === null ? 'NULL' : `'${s}'`}, ${e === null ? 'NULL' : `'${e}'`}, ${y}, ${pay}, ` +
      `'L1', 'HR', 'active', DATE '${y}-12-31')`,
  );
  await execute(
    db,
    `CREATE TABLE fct_workforce_snapshot (scenario_id VARCHAR, employee_id ` +
      `VARCHAR, simulation_year INTEGER, annual_salary DECIMAL(12, 2),
       job_level VARCHAR, department VARCHAR, employee_status VARCHAR, effective_date DATE);
     INSERT INTO fct_workforce_snapshot VALUES ${values.join(', ')}`,
  );
}

const versions = (db: string) =>
  query(
    db,
    `SELECT scenario_id, employee_id, CAST(annual_salary AS VARCHAR) ` +
      `AS pay, dbt_scd_id, CAST(dbt_valid_from AS VARCHAR) AS valid_from,
            CAST(dbt_valid_to AS VARCHAR) AS valid_to
     FROM scd_workforce_state ORDER BY ALL`,
  );

async function refusedWith(db: string, options: Partial<RunOptions>): Promise<ScdError> {
  const error = await runScd({ db, selection: { kind: 'all' }, table: KEY, ...options }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ScdError);
  return error as ScdError;
}

describe('composite keys', () => {
  // ('a|b', 'c') and ('a', 'b|c') concatenate alike with '|' but are two keys.
  const colliding = [
    ['a|b', 'c', 2025, 1],
    ['a', 'b|c', 2025, 2],
    ['a|b', 'c', 2026, 1],
    ['a', 'b|c', 2026, 3],
    ['x\\', '|y', 2026, 4],
    ['x\\|', 'y', 2026, 5],
  ] as const;

  it('keep keys that collide when concatenated apart, with unique dbt_scd_ids, on every path', async () => {
    await withTempDir(async (dir) => {
      const expected = [
        {
          scenario_id: 'a',
          employee_id: 'b|c',
          pay: '2.00',
          dbt_scd_id: 'a|b\\|c|2025-12-31',
          valid_from: '2025-12-31',
          valid_to: '2026-12-31',
        },
        {
          scenario_id: 'a',
          employee_id: 'b|c',
          pay: '3.00',
          dbt_scd_id: 'a|b\\|c|2026-12-31',
          valid_from: '2026-12-31',
          valid_to: null,
        },
        {
          scenario_id: 'a|b',
          employee_id: 'c',
          pay: '1.00',
          dbt_scd_id: 'a\\|b|c|2025-12-31',
          valid_from: '2025-12-31',
          valid_to: null,
        },
        {
          scenario_id: 'x\\',
          employee_id: '|y',
          pay: '4.00',
          dbt_scd_id: 'x\\\\|\\|y|2026-12-31',
          valid_from: '2026-12-31',
          valid_to: null,
        },
        {
          scenario_id: 'x\\|',
          employee_id: 'y',
          pay: '5.00',
          dbt_scd_id: 'x\\\\\\||y|2026-12-31',
          valid_from: '2026-12-31',
          valid_to: null,
        },
      ];
      const modes: Array<Partial<RunOptions>> = [{ chunks: 4, workers: 2 }, { inline: true }, { fullRefresh: true }];
      for (const [i, mode] of modes.entries()) {
        const db = join(dir, `${i}.duckdb`);
        await writeScenarios(db, colliding);
        await runScd({ db, selection: { kind: 'all' }, table: KEY, ...mode });
        expect(await versions(db), JSON.stringify(mode)).toEqual(expected);
        // Recorded: check and report need no key.
        expect((await checkHistory({ db })).ok).toBe(true);
        expect(await reportHistory({ db })).toMatchObject({
          keyColumns: ['scenario_id', 'employee_id'],
          versions: 5,
          currentVersions: 4,
          keys: 4,
        });
      }
    });
  });

  it('year by year, a change of one key leaves the key that shares its other part alone', async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'sim.duckdb');
      await writeScenarios(db, [
        ['s1', 'E1', 2025, 1],
        ['s2', 'E1', 2025, 1],
        ['s1', 'E1', 2026, 2],
        ['s2', 'E1', 2026, 1],
      ]);
      for (const year of [2025, 2026])
        await runScd({ db, selection: { kind: 'range', from: year, to: year, exact: true }, table: KEY, chunks: 3 });
      expect((await versions(db)).map((v) => [v.scenario_id, v.pay, v.valid_to])).toEqual([
        ['s1', '1.00', '2026-12-31'],
        ['s1', '2.00', null],
        ['s2', '1.00', null],
      ]);
    });
  });

  it('refuse a NULL in any key column and a repeated key, naming them, and write nothing', async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'sim.duckdb');
      await writeScenarios(db, [
        ['s1', 'E1', 2025, 1],
        ['s1', null, 2026, 1],
        [null, 'E2', 2026, 1],
      ]);
      const nullPart = await refusedWith(db, {});
      expect([nullPart.exitCode, nullPart.message]).toEqual([
        ExitCode.badInput,
        'a key column of (scenario_id, employee_id) is NULL in 2 rows of period 2026',
      ]);
      await execute(
        db,
        `DELETE FROM fct_workforce_snapshot WHERE simulation_year = 2026; INSERT INTO ` +
          `fct_workforce_snapshot VALUES ('s1', 'E1', 2025, 9, 'L1', 'HR', 'active', DATE '2025-12-31')`,
      );
      const repeated = await refusedWith(db, {});
      expect([repeated.exitCode, repeated.message]).toEqual([
        ExitCode.badInput,
        '(scenario_id, employee_id) repeats within a period: (s1, E1) (2x in 2025)',
      ]);
      expect(await query(db, `SELECT table_name FROM duckdb_tables() ORDER BY 1`)).toEqual([
        { table_name: 'fct_workforce_snapshot' },
      ]);
    });
  });

  it('are given as --key a,b on the command line', async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'sim.duckdb');
      await writeScenarios(db, colliding);
      expect((await cli('run', '--db', db, '--all', '--key', 'scenario_id,employee_id')).code).toBe(0);
      const check = await cli('check', '--db', db);
      expect([check.code, check.stdout.split('\n')[0]]).toEqual([
        0,
        'scd_workforce_state: clean (2 applied periods reconciled)',
      ]);
    });
  });
});
