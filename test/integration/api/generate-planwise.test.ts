import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode, generateWorkforce } from '../../../src/index.js';
import { cli, query } from '../../support/helpers.js';

/** planwise_navigator's fct_workforce_snapshot as DUCKDB's DESCRIBE gives it: name and type, in order. */
const PLANWISE_COLUMNS = [
  ['employee_id', 'VARCHAR'],
  ['employee_ssn', 'VARCHAR'],
  ['employee_birth_date', 'TIMESTAMP'],
  ['employee_hire_date', 'TIMESTAMP'],
  ['current_compensation', 'DOUBLE'],
  ['prorated_annual_compensation', 'DOUBLE'],
  ['full_year_equivalent_compensation', 'DOUBLE'],
  ['current_age', 'BIGINT'],
  ['current_tenure', 'INTEGER'],
  ['level_id', 'INTEGER'],
  ['age_band', 'VARCHAR'],
  ['tenure_band', 'VARCHAR'],
  ['employment_status', 'VARCHAR'],
  ['termination_date', 'TIMESTAMP'],
  ['termination_reason', 'VARCHAR'],
  ['detailed_status_code', 'VARCHAR'],
  ['simulation_year', 'INTEGER'],
  ['employee_eligibility_date', 'DATE'],
  ['waiting_period_days', 'INTEGER'],
  ['current_eligibility_status', 'VARCHAR'],
  ['employee_enrollment_date', 'TIMESTAMP'],
  ['is_enrolled_flag', 'BOOLEAN'],
  ['current_deferral_rate', 'DOUBLE'],
  ['participation_status', 'VARCHAR'],
  ['participation_status_detail', 'VARCHAR'],
  ['total_deferral_escalations', 'INTEGER'],
  ['has_deferral_escalations', 'BOOLEAN'],
  ['original_deferral_rate', 'DOUBLE'],
  ['total_escalation_amount', 'DECIMAL(5,4)'],
  ['prorated_annual_contributions', 'DOUBLE'],
  ['pre_tax_contributions', 'DOUBLE'],
  ['roth_contributions', 'DOUBLE'],
  ['ytd_contributions', 'DOUBLE'],
  ['irs_limit_reached', 'BOOLEAN'],
  ['effective_annual_deferral_rate', 'DOUBLE'],
  ['total_contribution_base_compensation', 'DOUBLE'],
  ['first_contribution_date', 'DATE'],
  ['last_contribution_date', 'DATE'],
  ['contribution_quality_flag', 'VARCHAR'],
  ['compensation_quality_flag', 'VARCHAR'],
  ['employer_match_amount', 'DOUBLE'],
  ['employer_core_amount', 'DOUBLE'],
  ['total_employer_contributions', 'DOUBLE'],
  ['annual_hours_worked', 'INTEGER'],
  ['scheduled_hours_per_week', 'DECIMAL(5,2)'],
  ['snapshot_created_at', 'TIMESTAMP WITH TIME ZONE'],
  ['last_escalation_date', 'TIMESTAMP'],
];

const START = 2025;
const YEARS = 6;
let dir: string;
let db: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scd-planwise-'));
  db = join(dir, 'planwise.duckdb');
  await generateWorkforce({
    db,
    table: 'fct_workforce_snapshot',
    employees: 1500,
    startYear: START,
    years: YEARS,
    seed: 11,
    profile: 'planwise',
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The rows of `sql` on the generated planwise database. */
const rows = <T = Record<string, unknown>>(sql: string) => query<T>(db, sql);

describe('generate --profile planwise', () => {
  it('writes exactly the 47 columns and types of the real fct_workforce_snapshot', async () => {
    const described = await rows<{ column_name: string; column_type: string }>('DESCRIBE fct_workforce_snapshot');
    expect(described.map((c) => [c.column_name, c.column_type])).toEqual(PLANWISE_COLUMNS);
    expect(PLANWISE_COLUMNS).toHaveLength(47);
  });

  it('has one row per employee and year, and every year of the simulation', async () => {
    expect(
      await rows('SELECT employee_id, simulation_year FROM fct_workforce_snapshot GROUP BY ALL HAVING count(*) > 1'),
    ).toEqual([]);
    const years = await rows<{ simulation_year: number }>(
      'SELECT DISTINCT simulation_year FROM fct_workforce_snapshot ORDER BY 1',
    );
    expect(years.map((y) => y.simulation_year)).toEqual([2025, 2026, 2027, 2028, 2029, 2030]);
    expect(
      await rows('SELECT * FROM fct_workforce_snapshot WHERE employee_id IS NULL OR simulation_year IS NULL'),
    ).toEqual([]);
  });

  it('names the census EMP_<number> and new hires NH_<hire year>_<zero-padded number>', async () => {
    const misnamed = await rows(
      `
      SELECT employee_id, simulation_year, employee_hire_date FROM fct_workforce_snapshot
      WHERE NOT (
        (regexp_full_match(employee_id, 'EMP_[0-9]{6}') AND year(employee_hire_date) < ${START})
        OR (regexp_full_match(employee_id, 'NH_[0-9]{4}_[0-9]{6}') AND ` +
        `employee_id[4:7] = CAST(year(employee_hire_date) AS VARCHAR)
            AND year(employee_hire_date) > ${START}))`,
    );
    expect(misnamed).toEqual([]);
    const kinds = await rows(
      `
      SELECT simulation_year, count(*) FILTER (WHERE employee_id ` +
        `LIKE 'NH_' || simulation_year || '_%') AS hired_this_year,
             count(*) FILTER (WHERE employee_id LIKE 'EMP_%') AS census
      FROM fct_workforce_snapshot WHERE simulation_year IN (${START}, ${START + 1}) GROUP BY ALL ORDER BY ALL`,
    );
    expect(kinds).toEqual([
      { simulation_year: START, hired_this_year: '0', census: '1500' },
      { simulation_year: START + 1, hired_this_year: expect.not.stringMatching(/^0$/), census: expect.any(String) },
    ]);
  });

  it('shows a terminated employee once, in its termination year, with a termination date, never after', async () => {
    const terminated = await rows<{ n: string }>(
      `SELECT count(*) AS n FROM fct_workforce_snapshot WHERE employment_status = 'terminated'`,
    );
    expect(Number(terminated[0]?.n)).toBeGreaterThan(500);
    // A terminated row is dated within its year; an active one has no date.
    expect(
      await rows(`
        SELECT employee_id, simulation_year FROM fct_workforce_snapshot
        WHERE employment_status NOT IN ('active', 'terminated')
           OR (employment_status = 'terminated') <> (termination_date IS NOT NULL)
           OR year(termination_date) <> simulation_year
           OR termination_date < employee_hire_date`),
    ).toEqual([]);
    // No row of the same employee after (or besides) its terminated row.
    expect(
      await rows(`
        SELECT t.employee_id, t.simulation_year, s.simulation_year AS later
        FROM fct_workforce_snapshot t JOIN fct_workforce_snapshot s
          ON s.employee_id = t.employee_id AND s.simulation_year > t.simulation_year
        WHERE t.employment_status = 'terminated'`),
    ).toEqual([]);
    // Nobody leaves and comes back: each person (SSN) keeps one id, in consecutive years.
    expect(
      await rows(
        'SELECT employee_ssn FROM fct_workforce_snapshot GROUP BY employee_ssn HAVING count(DISTINCT employee_id) > 1',
      ),
    ).toEqual([]);
    expect(
      await rows(`
        SELECT employee_id FROM fct_workforce_snapshot GROUP BY employee_id
        HAVING max(simulation_year) - min(simulation_year) + 1 <> count(*)`),
    ).toEqual([]);
  });

  it('codes every status as the real model does, new-hire terminations included', async () => {
    const codes = await rows(
      `
      SELECT detailed_status_code, employment_status, year(employee_hire_date) ` +
        `= simulation_year AS hired_this_year, count(*) > 0 AS seen
      FROM fct_workforce_snapshot WHERE simulation_year > ${START} GROUP BY ALL ORDER BY ALL`,
    );
    expect(codes).toEqual([
      { detailed_status_code: 'continuous_active', employment_status: 'active', hired_this_year: false, seen: true },
      {
        detailed_status_code: 'experienced_termination',
        employment_status: 'terminated',
        hired_this_year: false,
        seen: true,
      },
      { detailed_status_code: 'new_hire_active', employment_status: 'active', hired_this_year: true, seen: true },
      {
        detailed_status_code: 'new_hire_termination',
        employment_status: 'terminated',
        hired_this_year: true,
        seen: true,
      },
    ]);
  });

  it('changes every continuing employee current_compensation every year', async () => {
    const unchanged = await rows(`
      SELECT c.employee_id, c.simulation_year FROM fct_workforce_snapshot c
      JOIN fct_workforce_snapshot p ON p.employee_id = c.employee_id AND p.simulation_year = c.simulation_year - 1
      WHERE c.employment_status = 'active' AND c.current_compensation = p.current_compensation`);
    expect(unchanged).toEqual([]);
    const continuing = await rows<{ n: string }>(
      `SELECT count(*) AS n FROM fct_workforce_snapshot WHERE detailed_status_code = 'continuous_active'`,
    );
    expect(Number(continuing[0]?.n)).toBeGreaterThan(5000);
  });

  it('changes it also without COLA, by a merit raise for every continuing employee', async () => {
    const noCola = join(dir, 'no-cola.duckdb');
    await generateWorkforce({
      db: noCola,
      table: 'fct_workforce_snapshot',
      employees: 1000,
      startYear: START,
      years: 4,
      seed: 3,
      colaRate: 0,
      profile: 'planwise',
    });
    const unchanged = await query(
      noCola,
      `SELECT c.employee_id, c.simulation_year FROM fct_workforce_snapshot c
       JOIN fct_workforce_snapshot p ON p.employee_id = c.employee_id AND p.simulation_year = c.simulation_year - 1
       WHERE c.employment_status = 'active' AND c.current_compensation = p.current_compensation`,
    );
    expect(unchanged).toEqual([]);
  });

  it('gives the same rows for the same seed and other rows for another', async () => {
    const again = join(dir, 'again.duckdb');
    const other = join(dir, 'other.duckdb');
    await generateWorkforce({
      db: again,
      table: 'fct_workforce_snapshot',
      employees: 1500,
      startYear: START,
      years: YEARS,
      seed: 11,
      profile: 'planwise',
    });
    await generateWorkforce({
      db: other,
      table: 'fct_workforce_snapshot',
      employees: 1500,
      startYear: START,
      years: YEARS,
      seed: 12,
      profile: 'planwise',
    });
    const all = 'SELECT * FROM fct_workforce_snapshot ORDER BY employee_id, simulation_year';
    const [first, second, third] = await Promise.all([rows(all), query(again, all), query(other, all)]);
    expect(first.length).toBeGreaterThan(9000);
    expect(second).toEqual(first);
    expect(third).not.toEqual(first);
  });

  it('writes the same rows to Parquet from the CLI', async () => {
    const parquet = join(dir, 'planwise.parquet');
    const flags = [
      '--employees',
      '1500',
      '--start-year',
      String(START),
      '--years',
      String(YEARS),
      '--seed',
      '11',
      '--profile',
      'planwise',
    ];
    expect((await cli('generate', '--parquet', parquet, ...flags)).code).toBe(0);
    const scratch = join(dir, 'scratch.duckdb');
    const fromParquet = await query(
      scratch,
      `SELECT * FROM read_parquet('${parquet}') ORDER BY employee_id, simulation_year`,
    );
    expect(fromParquet).toEqual(
      await rows('SELECT * FROM fct_workforce_snapshot ORDER BY employee_id, simulation_year'),
    );
  });

  it('runs with run --profile planwise and nothing else, one version per snapshot row, and checks clean', async () => {
    const history = join(dir, 'history.duckdb');
    copyFileSync(db, history);
    const run = await cli('run', '--db', history, '--all', '--profile', 'planwise', '--workers', '2', '--json');
    expect(run.code).toBe(0);
    expect((await cli('check', '--db', history)).code).toBe(0);
    // Every row of an employee differs from its previous one in a tracked column: pay, or the status of its leaving.
    const [counts] = await query(
      history,
      `SELECT (SELECT count(*) FROM fct_workforce_snapshot) AS ` +
        `snapshot_rows, (SELECT count(*) FROM scd_workforce_history) AS versions,
              (SELECT count(*) FROM scd_workforce_history WHERE is_current_record) AS current_versions,
              (SELECT count(*) FROM fct_workforce_snapshot WHERE ` +
        `simulation_year = ${START + YEARS - 1}) AS last_year_rows`,
    );
    expect(counts).toEqual({
      snapshot_rows: expect.any(String),
      versions: counts?.snapshot_rows,
      current_versions: counts?.last_year_rows,
      last_year_rows: expect.any(String),
    });
  });

  it('refuses an unknown profile by its flag, writing nothing', async () => {
    const target = join(dir, 'bogus.duckdb');
    expect(await cli('generate', '--db', target, '--profile', 'bogus')).toEqual({
      code: ExitCode.badInput,
      stdout: '',
      stderr: 'scd-parallel: --profile must be one of default, planwise, got bogus\n',
    });
    expect(existsSync(target)).toBe(false);
  });
});
