import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/index.js';
import { cli, execute, query, withTempDir } from '../../support/helpers.js';

async function withGenerated<T>(fn: (db: string, dir: string) => Promise<T>): Promise<T> {
  return withTempDir(async (dir) => {
    const db = join(dir, 'sim.duckdb');
    const generated = await cli('generate', '--db', db, '--employees', '300', '--years', '3');
    expect(generated.code).toBe(0);
    return fn(db, dir);
  });
}

describe('cli', () => {
  it('generate, run --json and check, end to end', async () => {
    await withGenerated(async (db) => {
      const run = await cli('run', '--db', db, '--all', '--chunks', '3', '--workers', '2', '--json');
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout);
      expect(report.periods.map((p: { period: number }) => p.period)).toEqual([2025, 2026, 2027]);
      expect(report).toMatchObject({
        chunks: 3,
        workers: 2,
        mode: 'incremental',
        totals: { periodsApplied: 3, slaBreached: false },
      });
      const check = await cli('check', '--db', db);
      expect(check.code).toBe(0);
      expect(check.stdout).toContain('scd_workforce_state: clean (3 applied periods reconciled)');
    });
  });

  it('generate prints rows, employees and events per year, deterministically by seed', async () => {
    await withTempDir(async (dir) => {
      const a = await cli(
        'generate',
        '--db',
        join(dir, 'a.duckdb'),
        '--employees',
        '1000',
        '--years',
        '3',
        '--seed',
        '5',
        '--json',
      );
      const b = await cli(
        'generate',
        '--db',
        join(dir, 'b.duckdb'),
        '--employees',
        '1000',
        '--years',
        '3',
        '--seed',
        '5',
        '--json',
      );
      const summary = JSON.parse(a.stdout);
      expect(summary.years.map((y: { year: number }) => y.year)).toEqual([2025, 2026, 2027]);
      expect(summary.years[1]).toMatchObject({
        terminations: expect.any(Number),
        raises: expect.any(Number),
        promotions: expect.any(Number),
      });
      expect(summary.years[1].terminations).toBeGreaterThan(50);
      expect({ ...summary, seconds: 0 }).toEqual({ ...JSON.parse(b.stdout), seconds: 0 });
      const [x, y] = await Promise.all([
        query(join(dir, 'a.duckdb'), 'SELECT * FROM fct_workforce_snapshot ORDER BY ALL'),
        query(join(dir, 'b.duckdb'), 'SELECT * FROM fct_workforce_snapshot ORDER BY ALL'),
      ]);
      expect(x).toEqual(y);
    });
  });

  it('generate --parquet writes the same rows as a DuckDB file', async () => {
    await withTempDir(async (dir) => {
      const parquet = join(dir, 'sim.parquet');
      expect((await cli('generate', '--parquet', parquet, '--employees', '500', '--years', '2')).code).toBe(0);
      expect((await cli('generate', '--db', join(dir, 'sim.duckdb'), '--employees', '500', '--years', '2')).code).toBe(
        0,
      );
      const [fromParquet, fromDb] = await Promise.all([
        query(join(dir, 'x.duckdb'), `SELECT * FROM read_parquet('${parquet}') ORDER BY ALL`),
        query(join(dir, 'sim.duckdb'), 'SELECT * FROM fct_workforce_snapshot ORDER BY ALL'),
      ]);
      expect(fromParquet.length).toBeGreaterThan(1000);
      expect(fromParquet).toEqual(fromDb);
      expect((await cli('generate', '--db', join(dir, 'sim.duckdb'))).stderr).toContain(
        'table fct_workforce_snapshot already exists',
      );
    });
  });

  it('the run heading says why its chunks and workers, and a run applying nothing says so instead', async () => {
    await withGenerated(async (db) => {
      const first = await cli('run', '--db', db, '--all', '--workers', '2');
      expect(first.stdout.split('\n')[0]).toBe(
        'scd_workforce_state from fct_workforce_snapshot (incremental, 1 chunk on 1 worker: ' +
          "auto: the largest period's 366 rows fit one chunk of 16,000,000; a worker per chunk, of 2)",
      );
      const again = await cli('run', '--db', db, '--all');
      expect(again.code).toBe(0);
      expect(again.stdout.split('\n')[0]).toBe(
        'scd_workforce_state from fct_workforce_snapshot (incremental, no periods to apply)',
      );
    });
  });

  it('check exits 1 with a report when the history is not clean', async () => {
    await withGenerated(async (db) => {
      expect((await cli('run', '--db', db, '--all')).code).toBe(0);
      await execute(db, 'UPDATE scd_workforce_state SET dbt_valid_to = dbt_valid_from WHERE NOT is_current_record');
      const check = await cli('check', '--db', db);
      expect(check.code).toBe(ExitCode.checkFailed);
      expect(check.stdout).toContain('FAIL inverted_intervals');
    });
  });

  it.each([
    [['run', '--db', 'DB', '--all', '--chunks', '0'], '--chunks must be an integer from 1 to 4096, got 0'],
    [['run', '--db', 'DB', '--all', '--chunks', '4097'], '--chunks must be an integer from 1 to 4096, got 4097'],
    [['run', '--db', 'DB', '--all', '--workers', '0'], '--workers must be an integer from 1 to 16, got 0'],
    [['run', '--db', 'DB'], 'choose the periods to apply: --year Y, --years A-B or --all'],
    [['run', '--db', 'DB', '--all', '--year', '2025'], 'give only one of --year, --years and --all'],
    [['run', '--db', 'DB', '--all', '--source', 'nope'], 'source table nope does not exist'],
    [
      ['run', '--db', 'DB', '--all', '--tracked', 'annual_salary,bonus'],
      'tracked column bonus is missing from fct_workforce_snapshot',
    ],
    [
      ['run', '--db', 'DB', '--all', '--period', 'job_level'],
      'period column job_level must be an integer type, got VARCHAR',
    ],
  ])('bad input %j exits 2 and says so', async (args, message) => {
    await withGenerated(async (db) => {
      const result = await cli(...args.map((a) => (a === 'DB' ? db : a)));
      expect(result.code).toBe(ExitCode.badInput);
      expect(result.stderr).toContain(message);
      expect(
        await query(db, `SELECT count(*) AS n FROM duckdb_tables() WHERE table_name <> 'fct_workforce_snapshot'`),
      ).toEqual([{ n: '0' }]);
    });
  });

  it('an unknown flag, a missing database, a file that is not a database and a bad config exit 2', async () => {
    await withTempDir(async (dir) => {
      expect((await cli('run', '--db', 'x', '--all', '--frobnicate')).code).toBe(ExitCode.badInput);
      const missing = await cli('run', '--db', join(dir, 'none.duckdb'), '--all');
      expect([missing.code, missing.stderr]).toEqual([
        ExitCode.badInput,
        `scd-parallel: database ${join(dir, 'none.duckdb')} does not exist\n`,
      ]);
      const text = join(dir, 'text.duckdb');
      writeFileSync(text, 'hello, I am not a database\n'.repeat(200));
      const notDb = await cli('run', '--db', text, '--all');
      expect(notDb.code).toBe(ExitCode.badInput);
      expect(notDb.stderr).toContain(`${text} is not a DuckDB database`);
      const config = join(dir, 'config.json');
      writeFileSync(config, JSON.stringify({ keyColumn: 'employee_id', trackedColumn: ['x'] }));
      const badConfig = await cli('run', '--db', text, '--all', '--config', config);
      expect([badConfig.code, badConfig.stderr]).toEqual([
        ExitCode.badInput,
        `scd-parallel: config ${config}: unknown setting trackedColumn\n`,
      ]);
    });
  });

  it('a JSON config file names the tables and columns', async () => {
    await withGenerated(async (db, dir) => {
      const config = join(dir, 'config.json');
      writeFileSync(config, JSON.stringify({ targetTable: 'dept_history', trackedColumns: ['department'] }));
      expect((await cli('run', '--db', db, '--all', '--config', config)).code).toBe(0);
      const [row] = await query<{ versions: string; employees: string }>(
        db,
        'SELECT count(*) AS versions, count(DISTINCT employee_id) AS employees FROM dept_history',
      );
      // Only transfers make versions now, so far fewer than with salary tracked.
      expect(Number(row?.versions)).toBeLessThan(Number(row?.employees) * 1.3);
      expect((await cli('check', '--db', db, '--config', config)).code).toBe(0);
    });
  });

  it('the installed bin runs and returns distinct exit codes', async () => {
    await withTempDir(async (dir) => {
      let status = 0;
      try {
        execFileSync(process.execPath, ['bin/scd-parallel.js', 'run', '--db', join(dir, 'none.duckdb'), '--all'], {
          stdio: 'pipe',
        });
      } catch (error) {
        status = (error as { status: number }).status;
      }
      expect(status).toBe(ExitCode.badInput);
      expect(execFileSync(process.execPath, ['bin/scd-parallel.js', '--help']).toString()).toContain(
        'Usage: scd-parallel',
      );
    });
  });
});
