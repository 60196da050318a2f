import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/index.js';
import { cli, execute, query, withTempDir } from '../../support/helpers.js';

/** A snapshot shaped like a real dbt workforce simulation's: many types, a TIMESTAMP tracked column. */
const REAL_SCHEMA =
  `
CREATE TABLE fct_workforce_snapshot (
  employee_id VARCHAR, simulation_year INTEGER, level_id INTEGER, employee_ssn BIGINT, current_compensation DOUBLE,
  deferral_rate DECIMAL(5, 4), merit_pct DECIMAL(5, 2), is_enrolled BOOLEAN, employee_birth_date DATE,
  employee_hire_date TIMESTAMP, termination_date TIMESTAMP, employment_status VARCHAR, detailed_status_code VARCHAR,
  snapshot_created_at TIMESTAMPTZ, effective_date DATE
);
INSERT INTO fct_workforce_snapshot
SELECT 'EMP_' || i, y, 1 + (i % 3), 100000 + i, 50000.5 + i * 10 + (y - ` +
  `2025) * 1000, 0.0525, 3.25, i % 2 = 0, DATE '1980-01-01' + CAST(i AS INTEGER),
  TIMESTAMP '2020-03-01 09:00:00', CASE WHEN i = 3 AND y = 2026 THEN TIMESTAMP '2026-06-30 00:00:00' END,
  CASE WHEN i = 3 AND y = 2026 THEN 'terminated' ELSE 'active' ` +
  `END, 'continuous_active', TIMESTAMPTZ '2026-01-01 00:00:00+00',
  make_date(y, 12, 31)
FROM range(1, 6) a(i), range(2025, 2028) b(y)
WHERE NOT (i = 3 AND y = 2027);`;

const TRACKED = ['current_compensation', 'level_id', 'employment_status', 'termination_date'];

async function withRealSchema<T>(fn: (db: string, dir: string) => Promise<T>): Promise<T> {
  return withTempDir(async (dir) => {
    const db = join(dir, 'sim.duckdb');
    await execute(db, REAL_SCHEMA);
    return fn(db, dir);
  });
}

const tables = async (db: string) =>
  (await query<{ t: string }>(db, `SELECT schema_name || '.' || table_name AS t FROM duckdb_tables() ORDER BY 1`)).map(
    (r) => r.t,
  );

describe('a history that knows its own settings', () => {
  it('a real-schema run with a config is followed by check and report with only --db', async () => {
    await withRealSchema(async (db, dir) => {
      const config = join(dir, 'planwise.json');
      writeFileSync(config, JSON.stringify({ targetTable: 'scd_workforce_history', trackedColumns: TRACKED }));
      expect((await cli('run', '--db', db, '--all', '--config', config)).code).toBe(0);
      const check = await cli('check', '--db', db);
      expect([check.code, check.stdout.split('\n')[0]]).toEqual([
        0,
        'scd_workforce_history: clean (3 applied periods reconciled)',
      ]);
      const report = await cli('report', '--db', db, '--json');
      expect(report.code).toBe(0);
      expect(JSON.parse(report.stdout)).toMatchObject({
        targetTable: 'scd_workforce_history',
        sourceTable: 'fct_workforce_snapshot',
        keyColumns: ['employee_id'],
        trackedColumns: TRACKED,
        // Everyone's compensation changes yearly; EMP_3 terminates in 2026 and is gone in 2027.
        versions: 14,
        currentVersions: 4,
        keys: 5,
      });
      // A later run needs no flags either.
      expect(
        JSON.parse((await cli('run', '--db', db, '--all', '--json')).stdout).periods.map(
          (p: { status: string }) => p.status,
        ),
      ).toEqual(['already-applied', 'already-applied', 'already-applied']);
    });
  });

  it.each([
    [
      ['run', '--all', '--key', 'employee_ssn'],
      'history table scd_workforce_state is keyed by employee_id, not employee_ssn; rebuild it with --full-refresh',
    ],
    [
      ['run', '--all', '--period', 'level_id'],
      'history table scd_workforce_state takes periods from ' +
        'simulation_year, not level_id; rebuild it with --full-refresh',
    ],
    [
      ['run', '--all', '--effective-date', 'employee_birth_date'],
      'history table scd_workforce_state takes effective dates from ' +
        'effective_date, not employee_birth_date; rebuild it with --full-refresh',
    ],
    [
      ['run', '--all', '--source', 'main.other_snapshot'],
      'history table scd_workforce_state reads fct_workforce_snapshot, ' +
        'not main.other_snapshot; rebuild it with --full-refresh',
    ],
    [
      ['check', '--tracked', 'level_id'],
      `history table scd_workforce_state tracks ${TRACKED.join(', ')}, not level_id; rebuild it with --full-refresh`,
    ],
    [
      ['report', '--key', 'employee_ssn'],
      'history table scd_workforce_state is keyed by employee_id, not employee_ssn; rebuild it with --full-refresh',
    ],
  ])('a flag that contradicts the recorded settings is refused with both values: %j', async (args, message) => {
    await withRealSchema(async (db) => {
      await execute(db, 'CREATE TABLE other_snapshot AS SELECT * FROM fct_workforce_snapshot');
      expect((await cli('run', '--db', db, '--year', '2025', '--tracked', TRACKED.join(','))).code).toBe(0);
      const before = await query(db, 'SELECT * FROM scd_workforce_state ORDER BY ALL');
      const result = await cli(args[0] as string, '--db', db, ...args.slice(1));
      expect([result.code, result.stderr]).toEqual([ExitCode.badInput, `scd-parallel: ${message}\n`]);
      expect(await query(db, 'SELECT * FROM scd_workforce_state ORDER BY ALL')).toEqual(before);
    });
  });

  it('with several histories, --target chooses; without it the commands say which there are', async () => {
    await withRealSchema(async (db) => {
      const tracked = ['--tracked', TRACKED.join(',')];
      expect((await cli('run', '--db', db, '--all', ...tracked)).code).toBe(0);
      expect((await cli('run', '--db', db, '--all', '--target', 'level_history', '--tracked', 'level_id')).code).toBe(
        0,
      );
      const ambiguous = await cli('check', '--db', db);
      expect([ambiguous.code, ambiguous.stderr]).toEqual([
        ExitCode.badInput,
        'scd-parallel: the database holds several histories ' +
          '(level_history, scd_workforce_state); choose one with --target\n',
      ]);
      const levels = JSON.parse((await cli('report', '--db', db, '--target', 'level_history', '--json')).stdout);
      expect(levels).toMatchObject({ trackedColumns: ['level_id'], keys: 5 });
      expect((await cli('check', '--db', db, '--target', 'LEVEL_HISTORY')).code).toBe(0);
    });
  });
});

describe('qualified names', () => {
  it('--target schema.table creates the table in that schema, and names resolve case-insensitively', async () => {
    await withRealSchema(async (db) => {
      const run = await cli(
        'run',
        '--db',
        db,
        '--year',
        '2025',
        '--target',
        'snapshots.scd_workforce_state',
        '--tracked',
        TRACKED.join(','),
      );
      expect([run.code, run.stderr]).toEqual([0, '']);
      expect(await tables(db)).toEqual([
        'main.fct_workforce_snapshot',
        'main.scd_parallel_histories',
        'main.scd_parallel_periods',
        // The monitoring tables live beside the history.
        'snapshots.mon_chunk_latency',
        'snapshots.mon_performance_metrics',
        'snapshots.mon_scd_integrity_checks',
        'snapshots.mon_scd_phase_metrics',
        'snapshots.mon_sla_breaches',
        'snapshots.scd_workforce_state',
      ]);
      const again = await cli(
        'run',
        '--db',
        db,
        '--all',
        '--target',
        'SNAPSHOTS.SCD_Workforce_State',
        '--source',
        'MAIN.FCT_WORKFORCE_SNAPSHOT',
        '--json',
      );
      expect(again.code).toBe(0);
      expect(
        JSON.parse(again.stdout).periods.map((p: { period: number; status: string }) => [p.period, p.status]),
      ).toEqual([
        [2025, 'already-applied'],
        [2026, 'applied'],
        [2027, 'applied'],
      ]);
      expect((await cli('check', '--db', db)).code).toBe(0);
      expect(
        await query(db, 'SELECT count(*) AS n FROM snapshots.scd_workforce_state WHERE is_current_record'),
      ).toEqual([{ n: '4' }]);
    });
  });

  it("the database's own catalog named or left out is the same table", async () => {
    await withRealSchema(async (db) => {
      expect((await cli('run', '--db', db, '--year', '2025', '--target', 'hist', '--tracked', 'level_id')).code).toBe(
        0,
      );
      const again = await cli(
        'run',
        '--db',
        db,
        '--all',
        '--target',
        'SIM.main.hist',
        '--source',
        'sim.main.fct_workforce_snapshot',
        '--json',
      );
      expect([again.code, again.stderr]).toEqual([0, '']);
      expect(JSON.parse(again.stdout).periods.map((p: { status: string }) => p.status)).toEqual([
        'already-applied',
        'applied',
        'applied',
      ]);
      expect((await cli('check', '--db', db, '--target', 'sim.main.hist')).stdout).toContain(
        'hist: clean (3 applied periods reconciled)',
      );
      const ledger = await cli(
        'run',
        '--db',
        db,
        '--all',
        '--full-refresh',
        '--target',
        'sim.main.scd_parallel_periods',
        '--tracked',
        'level_id',
      );
      expect(ledger).toMatchObject({
        code: ExitCode.badInput,
        stderr:
          "scd-parallel: table sim.main.scd_parallel_periods is scd-parallel's ledger of applied periods, " +
          'not a history; it is left untouched (name another --target)\n',
      });
    });
  });

  it('a source named in another schema is read from there', async () => {
    await withRealSchema(async (db) => {
      await execute(
        db,
        'CREATE SCHEMA staging; CREATE TABLE staging.snap AS SELECT * ' +
          'FROM fct_workforce_snapshot; DROP TABLE fct_workforce_snapshot',
      );
      expect((await cli('run', '--db', db, '--all', '--source', 'staging.snap', '--tracked', 'level_id')).code).toBe(0);
      expect((await cli('check', '--db', db)).code).toBe(0);
    });
  });
});

const PRECIOUS = 'CREATE TABLE precious AS SELECT 42 AS answer';
const NOT_CREATED = 'table precious was not created by scd-parallel';

describe('only a table the engine created is ever written', () => {
  it.each([
    ['a user table, rebuilt', PRECIOUS, ['--full-refresh', '--target', 'precious'], NOT_CREATED],
    ['a user table, applied to', PRECIOUS, ['--all', '--target', 'precious'], NOT_CREATED],
    [
      'a view',
      'CREATE VIEW precious AS SELECT 42 AS answer',
      ['--full-refresh', '--target', 'PRECIOUS'],
      'view PRECIOUS was not created by scd-parallel',
    ],
    [
      'the ledger',
      'SELECT 1',
      ['--full-refresh', '--target', 'scd_parallel_periods'],
      "table scd_parallel_periods is scd-parallel's ledger of applied periods, not a history",
    ],
  ])('%s is refused, exit 2, untouched', async (_, setup, args, what) => {
    await withRealSchema(async (db) => {
      await execute(db, setup);
      if (args.includes('scd_parallel_periods'))
        expect((await cli('run', '--db', db, '--year', '2025', '--tracked', 'level_id')).code).toBe(0);
      const before = await tables(db);
      const result = await cli('run', '--db', db, ...args, '--tracked', 'level_id');
      expect([result.code, result.stderr]).toEqual([
        ExitCode.badInput,
        `scd-parallel: ${what}; it is left untouched (name another --target)\n`,
      ]);
      expect(await tables(db)).toEqual(before);
      if (setup.includes('precious')) expect(await query(db, 'SELECT answer FROM precious')).toEqual([{ answer: 42 }]);
    });
  });

  it('a history dropped under its ledger is refused, not rebuilt as all-new', async () => {
    await withRealSchema(async (db) => {
      expect((await cli('run', '--db', db, '--year', '2025', '--tracked', 'level_id')).code).toBe(0);
      await execute(db, 'DROP TABLE scd_workforce_state');
      const result = await cli('run', '--db', db, '--all');
      expect([result.code, result.stderr]).toEqual([
        ExitCode.badInput,
        'scd-parallel: history table scd_workforce_state is missing but 1 applied ' +
          'periods are recorded for it; restore it, or rebuild with --full-refresh\n',
      ]);
      expect((await cli('run', '--db', db, '--all', '--full-refresh')).code).toBe(0);
      expect((await cli('check', '--db', db)).code).toBe(0);
    });
  });
});

describe('a history without applied periods', () => {
  it('a failed first run leaves nothing; an empty history a retry with other settings may take over', async () => {
    await withRealSchema(async (db) => {
      process.env.SCD_PARALLEL_FAULT = 'worker-throw:2025:0:99';
      try {
        expect(
          (await cli('run', '--db', db, '--all', '--tracked', 'level_id', '--chunks', '1', '--retries', '0')).code,
        ).toBe(ExitCode.workerFailed);
      } finally {
        delete process.env.SCD_PARALLEL_FAULT;
      }
      expect(await tables(db)).toEqual(['main.fct_workforce_snapshot']);
      // An empty history with its settings and no periods: rewound to before its first period (or
      // left by an earlier version's failed first run).
      expect((await cli('run', '--db', db, '--year', '2025', '--tracked', 'level_id')).code).toBe(0);
      expect((await cli('rewind', '--db', db, '--to', '2024')).code).toBe(0);
      expect(await query(db, 'SELECT count(*) AS n FROM scd_workforce_state')).toEqual([{ n: '0' }]);
      const retry = await cli('run', '--db', db, '--all', '--tracked', TRACKED.join(','));
      expect([retry.code, retry.stderr]).toEqual([0, '']);
      expect(JSON.parse((await cli('report', '--db', db, '--json')).stdout)).toMatchObject({
        trackedColumns: TRACKED,
        versions: 14,
      });
      // Once a period is applied, the settings hold.
      expect((await cli('run', '--db', db, '--all', '--tracked', 'level_id')).code).toBe(ExitCode.badInput);
    });
  });
});
