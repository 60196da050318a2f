import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/errors/index.js';
import { cli, execute, query, withTempDir } from '../../support/helpers.js';

/** A snapshot shaped like a real simulation's: no date column, TIMESTAMP and TIMESTAMPTZ columns, DOUBLE pay. */
const PLANWISE_LIKE =
  `CREATE TABLE fct_workforce_snapshot AS
  SELECT * FROM (VALUES
    ('EMP_1', 2025, 50000.0, 1, 'active', CAST(NULL AS TIMESTAMP), ` +
  `TIMESTAMPTZ '2026-01-05 09:00:00+00', CAST(0.0600 AS DECIMAL(5,4))),
    ('EMP_2', 2025, 60000.0, 2, 'active', NULL, TIMESTAMPTZ '2026-01-05 09:00:00+00', 0.0300),
    ('EMP_1', 2026, 51500.0, 1, 'active', NULL, TIMESTAMPTZ '2026-01-05 09:01:00+00', 0.0600),
    ('EMP_2', 2026, 61800.0, 2, 'terminated', ` +
  `TIMESTAMP '2026-05-01 00:00:00', TIMESTAMPTZ '2026-01-05 09:01:00+00', 0.0300),
    ('NH_2026_000001', 2026, 45000.0, 1, 'active', NULL, TIMESTAMPTZ '2026-01-05 09:01:00+00', 0.0000),
    ('EMP_1', 2027, 53000.0, 2, 'active', NULL, TIMESTAMPTZ '2026-01-05 09:02:00+00', 0.0600),
    ('NH_2026_000001', 2027, 46350.0, 1, 'active', NULL, TIMESTAMPTZ '2026-01-05 09:02:00+00', 0.0100)
  ) t(employee_id, simulation_year, current_compensation, level_id, ` +
  `employment_status, termination_date, snapshot_created_at, employee_deferral_rate)`;

async function withPlanwiseLike(fn: (db: string) => Promise<void>): Promise<void> {
  await withTempDir(async (dir) => {
    const db = join(dir, 'sim.duckdb');
    await execute(db, PLANWISE_LIKE);
    await fn(db);
  });
}

const versions = (db: string, table: string) =>
  query<Record<string, string>>(
    db,
    `SELECT employee_id, CAST(dbt_valid_from AS VARCHAR) AS valid_from, ` +
      `CAST(dbt_valid_to AS VARCHAR) AS valid_to, is_current_record
     FROM ${table} ORDER BY employee_id, dbt_valid_from`,
  );

describe('effective dates by rule, and --profile planwise', () => {
  it('--profile planwise: a snapshot without date column, dated at year end, into scd_workforce_history', async () => {
    await withPlanwiseLike(async (db) => {
      const run = await cli('run', '--db', db, '--all', '--profile', 'planwise');
      expect([run.code, run.stderr]).toEqual([0, '']);
      expect(await versions(db, 'scd_workforce_history')).toEqual([
        // Pay changes every year: a version per snapshot row.
        { employee_id: 'EMP_1', valid_from: '2025-12-31', valid_to: '2026-12-31', is_current_record: false },
        { employee_id: 'EMP_1', valid_from: '2026-12-31', valid_to: '2027-12-31', is_current_record: false },
        { employee_id: 'EMP_1', valid_from: '2027-12-31', valid_to: null, is_current_record: true },
        // Terminated in 2026 (a change), gone in 2027.
        { employee_id: 'EMP_2', valid_from: '2025-12-31', valid_to: '2026-12-31', is_current_record: false },
        { employee_id: 'EMP_2', valid_from: '2026-12-31', valid_to: '2027-12-31', is_current_record: false },
        { employee_id: 'NH_2026_000001', valid_from: '2026-12-31', valid_to: '2027-12-31', is_current_record: false },
        { employee_id: 'NH_2026_000001', valid_from: '2027-12-31', valid_to: null, is_current_record: true },
      ]);
      // Recorded: check and report need only --db.
      expect((await cli('check', '--db', db)).code).toBe(0);
      const [settings] = await query(
        db,
        'SELECT target_name, effective_date_rule, tracked_columns, validity_type FROM scd_parallel_histories',
      );
      expect(settings).toEqual({
        target_name: 'scd_workforce_history',
        effective_date_rule: 'year-end',
        tracked_columns: ['current_compensation', 'level_id', 'employment_status', 'termination_date'],
        validity_type: 'date',
      });
      // A contradicting rule is refused with both values.
      const other = await cli('run', '--db', db, '--all', '--effective-date', 'year-start');
      expect([other.code, other.stderr]).toEqual([
        ExitCode.badInput,
        'scd-parallel: history table scd_workforce_history takes effective ' +
          'dates from year-end, not year-start; rebuild it with --full-refresh\n',
      ]);
    });
  });

  it('--effective-date year-start and --validity-type timestamp, chosen at creation and recorded', async () => {
    await withPlanwiseLike(async (db) => {
      const flags = ['--profile', 'planwise', '--effective-date', 'year-start', '--validity-type', 'timestamp'];
      expect((await cli('run', '--db', db, '--year', '2025', ...flags)).code).toBe(0);
      // Later runs take the recorded settings without flags.
      expect((await cli('run', '--db', db, '--all')).code).toBe(0);
      expect((await cli('check', '--db', db)).code).toBe(0);
      const [types] = await query(
        db,
        'SELECT list(data_type ORDER BY column_name) AS t FROM duckdb_columns() ' +
          "WHERE table_name = 'scd_workforce_history' AND column_name LIKE 'dbt_valid%'",
      );
      expect(types).toEqual({ t: ['TIMESTAMP', 'TIMESTAMP'] });
      expect((await versions(db, 'scd_workforce_history')).map((v) => v.valid_from)).toEqual([
        ...['2025', '2026', '2027', '2025', '2026', '2026', '2027'].map((year) => `${year}-01-01 00:00:00`),
      ]);
      const changed = await cli('run', '--db', db, '--all', '--validity-type', 'date');
      expect([changed.code, changed.stderr]).toEqual([
        ExitCode.badInput,
        'scd-parallel: history table scd_workforce_history has validity ' +
          'of type timestamp, not date; rebuild it with --full-refresh\n',
      ]);
    });
  });

  it('reads a ledger written before it (DATE effective dates), and widens it in the next write', async () => {
    await withPlanwiseLike(async (db) => {
      expect((await cli('run', '--db', db, '--years', '2025-2026', '--profile', 'planwise')).code).toBe(0);
      await execute(db, 'ALTER TABLE scd_parallel_periods ALTER COLUMN effective_date SET DATA TYPE DATE');
      expect((await cli('check', '--db', db)).code).toBe(0);
      expect((await cli('report', '--db', db)).code).toBe(0);
      expect((await cli('run', '--db', db, '--all')).code).toBe(0);
      expect((await cli('check', '--db', db)).code).toBe(0);
      expect(
        await query(
          db,
          'SELECT data_type FROM duckdb_columns() WHERE table_name = ' +
            "'scd_parallel_periods' AND column_name = 'effective_date'",
        ),
      ).toEqual([{ data_type: 'TIMESTAMP' }]);
    });
  });

  it('refuses bad settings, naming the flag and the value', async () => {
    await withPlanwiseLike(async (db) => {
      const refused = async (...flags: string[]) => {
        const result = await cli('run', '--db', db, '--all', ...flags);
        return [result.code, result.stderr];
      };
      const bad: Array<[string[], string]> = [
        [['--profile', 'nope'], '--profile must be one of planwise, got nope'],
        [['--validity-type', 'time'], '--validity-type must be one of date, timestamp, timestamptz, got time'],
        [['--valid-to-current', '9999-13-01'], '--valid-to-current must be a date YYYY-MM-DD, got 9999-13-01'],
        [
          ['--meta-column-names', 'dbt_valid_from'],
          '--meta-column-names must be pairs dbt_name=name separated by commas, got dbt_valid_from',
        ],
        [
          ['--meta-column-names', 'dbt_valid_from=v,dbt_valid_to=V'],
          "--meta-column-names must leave the history's columns distinct, but v would name two",
        ],
        [
          ['--meta-column-names', 'dbt_valid_from=is_current_record'],
          "--meta-column-names must leave the history's columns distinct, but is_current_record would name two",
        ],
        [
          ['--meta-column-names', 'dbt_valid_to=dbt_valid_from'],
          "--meta-column-names must leave the history's columns distinct, but dbt_valid_from would name two",
        ],
        [['--validity-type', 'timestamptz'], '--validity-type must be one of date, timestamp, got timestamptz'],
        [
          ['--valid-to-current', '2026-12-31'],
          '--valid-to-current 2026-12-31 must come after every effective date, but period 2026 has 2026-12-31',
        ],
        [
          ['--meta-column-names', 'valid_from=v'],
          '--meta-column-names must be one of dbt_scd_id, dbt_updated_at, ' +
            'dbt_valid_from, dbt_valid_to, dbt_is_deleted, got valid_from',
        ],
      ];
      for (const [flags, message] of bad) {
        const profile = flags[0] === '--profile' ? [] : ['--profile', 'planwise'];
        expect(await refused(...profile, ...flags)).toEqual([ExitCode.badInput, `scd-parallel: ${message}\n`]);
      }
      // Without the profile, the default effective-date column is missing.
      const [code, message] = await refused();
      expect(code).toBe(ExitCode.badInput);
      expect(message).toMatch(/effective-date column effective_date/);
      await execute(db, 'UPDATE fct_workforce_snapshot SET simulation_year = simulation_year * 10');
      expect(await refused('--profile', 'planwise')).toEqual([
        ExitCode.badInput,
        'scd-parallel: period 20250 in simulation_year is not a ' +
          'year from 1 to 9999, which effective date year-end needs\n',
      ]);
      expect(await query(db, "SELECT * FROM duckdb_tables() WHERE table_name <> 'fct_workforce_snapshot'")).toEqual([]);
    });
  });
});
