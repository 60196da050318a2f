import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { generateWorkforce } from '../../src/index.js';
import { cli, execute, query, withTempDir } from './helpers.js';

/** The histories show and diff are tested on, each with its source kept: one snapshot per period. */
export interface Fixture {
  readonly db: string;
  /** The history table as SQL names it. */
  readonly table: string;
  readonly keyColumns: readonly string[];
  readonly trackedColumns: readonly string[];
  readonly periods: readonly number[];
  /** SQL for the rows of the source snapshot of a period. */
  readonly snapshot: (period: number) => string;
  /** The history's own names and open end, for plain SQL over it. */
  readonly validFrom: string;
  readonly validTo: string;
  readonly openEnd: string | null;
  readonly deleted: string | null;
}

const DEFAULT_TRACKED = ['annual_salary', 'job_level', 'department', 'employee_status'];
const defaultSnapshot = (period: number) => `SELECT * FROM fct_workforce_snapshot WHERE simulation_year = ${period}`;
const dbtNames = { validFrom: 'dbt_valid_from', validTo: 'dbt_valid_to', openEnd: null };

async function ran(...args: string[]): Promise<void> {
  const run = await cli('run', ...args);
  expect([run.code, run.stderr]).toEqual([0, '']);
}

/**
 * A generated workforce of 5 years and its history, by hard deletes `mode`: hires and terminations
 * every year, and from 1,000 employees on rehires too (of those gone two years or more, from 2028).
 */
export async function withWorkforce(
  mode: 'invalidate' | 'new_record',
  fn: (f: Fixture) => Promise<void>,
  employees = 400,
): Promise<void> {
  await withTempDir(async (dir) => {
    const db = join(dir, 'sim.duckdb');
    await generateWorkforce({ db, table: 'fct_workforce_snapshot', employees, startYear: 2025, years: 5, seed: 13 });
    await ran('--db', db, '--all', '--hard-deletes', mode, '--chunks', '2', '--workers', '2');
    const deleted = mode === 'new_record' ? 'dbt_is_deleted' : null;
    const periods = [2025, 2026, 2027, 2028, 2029];
    await fn({
      db,
      table: 'scd_workforce_state',
      keyColumns: ['employee_id'],
      trackedColumns: DEFAULT_TRACKED,
      periods,
      snapshot: defaultSnapshot,
      ...dbtNames,
      deleted,
    });
  });
}

/** planwise_navigator's 47-column snapshot, generated, and its history by --profile planwise (dated at year end). */
export async function withPlanwise(fn: (f: Fixture) => Promise<void>): Promise<void> {
  await withTempDir(async (dir) => {
    const db = join(dir, 'planwise.duckdb');
    await generateWorkforce({
      db,
      table: 'fct_workforce_snapshot',
      employees: 300,
      startYear: 2025,
      years: 3,
      seed: 11,
      profile: 'planwise',
    });
    await ran('--db', db, '--all', '--profile', 'planwise');
    const tracked = ['current_compensation', 'level_id', 'employment_status', 'termination_date'];
    const periods = [2025, 2026, 2027];
    await fn({
      db,
      table: 'scd_workforce_history',
      keyColumns: ['employee_id'],
      trackedColumns: tracked,
      periods,
      snapshot: defaultSnapshot,
      ...dbtNames,
      deleted: null,
    });
  });
}

/** A key of (scenario_id INTEGER, employee_id): each scenario a copy of a generated workforce with its own pay. */
export async function withComposite(fn: (f: Fixture) => Promise<void>): Promise<void> {
  await withTempDir(async (dir) => {
    const db = join(dir, 'sim.duckdb');
    await generateWorkforce({ db, table: 'generated', employees: 150, startYear: 2025, years: 3, seed: 5 });
    await execute(
      db,
      `CREATE TABLE fct_workforce_snapshot AS
       SELECT s AS scenario_id, g.* REPLACE (annual_salary * s AS annual_salary) FROM generated g, range(1, 3) r(s)`,
    );
    await ran('--db', db, '--all', '--key', 'scenario_id,employee_id');
    const keyColumns = ['scenario_id', 'employee_id'];
    await fn({
      db,
      table: 'scd_workforce_state',
      keyColumns,
      trackedColumns: DEFAULT_TRACKED,
      periods: [2025, 2026, 2027],
      snapshot: defaultSnapshot,
      ...dbtNames,
      deleted: null,
    });
  });
}

/** dbt's snapshot runs, one per year: TIMESTAMP validity, renamed meta columns, open versions at 9999-12-31. */
const RUN_AT: Record<number, string> = { 2025: '2026-01-05 09:00:00', 2026: '2026-01-05 09:00:42.5' };
const OPEN = "TIMESTAMP '9999-12-31 00:00:00'";

function dbtRun(year: number): string {
  const at = `TIMESTAMP '${RUN_AT[year]}'`;
  const changed = DEFAULT_TRACKED.map((c) => `s.${c} IS DISTINCT FROM snap.${c}`).join(' OR ');
  return (
    `
    UPDATE snapshots.hist snap SET valid_to = ${at}
    WHERE valid_to = ${OPEN} AND NOT EXISTS (SELECT 1 FROM fct_workforce_snapshot s
      WHERE s.simulation_year = ${year} AND s.employee_id = snap.employee_id AND NOT (${changed}));
    INSERT INTO snapshots.hist
    SELECT s.*, md5(s.employee_id || '|' || CAST(${at} AS VARCHAR)), ${at}, ${at}, ${OPEN}
    FROM fct_workforce_snapshot s
    WHERE s.simulation_year = ${year} AND NOT EXISTS (SELECT 1 FROM snapshots.hist ` +
    `snap WHERE snap.employee_id = s.employee_id AND valid_to = ${OPEN});`
  );
}

/**
 * A dbt snapshot of 2025-2026 (as dbt-duckdb's check strategy leaves it), adopted, and continued by run through 2027.
 */
export async function withAdopted(fn: (f: Fixture) => Promise<void>): Promise<void> {
  await withTempDir(async (dir) => {
    const db = join(dir, 'sim.duckdb');
    await generateWorkforce({
      db,
      table: 'fct_workforce_snapshot',
      employees: 300,
      startYear: 2025,
      years: 3,
      seed: 7,
    });
    await execute(
      db,
      `CREATE SCHEMA snapshots;
       CREATE TABLE snapshots.hist AS
         SELECT *, CAST(NULL AS VARCHAR) AS scd_id, CAST(NULL AS ` +
        `TIMESTAMP) AS updated_at, CAST(NULL AS TIMESTAMP) AS valid_from,
                CAST(NULL AS TIMESTAMP) AS valid_to
         FROM fct_workforce_snapshot WHERE false;
       ${dbtRun(2025)} ${dbtRun(2026)}`,
    );
    const names = 'dbt_valid_from=valid_from,dbt_valid_to=valid_to,dbt_scd_id=scd_id,dbt_updated_at=updated_at';
    const adopted = await cli(
      'adopt',
      '--db',
      db,
      '--target',
      'snapshots.hist',
      '--meta-column-names',
      names,
      '--valid-to-current',
      '9999-12-31',
    );
    expect([adopted.code, adopted.stderr]).toEqual([0, '']);
    await ran('--db', db, '--all');
    const [type] = await query<{ t: string }>(
      db,
      "SELECT data_type AS t FROM duckdb_columns() WHERE table_name = 'hist' AND column_name = 'valid_from'",
    );
    expect(type?.t).toBe('TIMESTAMP');
    const periods = [2025, 2026, 2027];
    const layout = { validFrom: 'valid_from', validTo: 'valid_to', openEnd: OPEN, deleted: null };
    await fn({
      db,
      table: 'snapshots.hist',
      keyColumns: ['employee_id'],
      trackedColumns: DEFAULT_TRACKED,
      periods,
      snapshot: defaultSnapshot,
      ...layout,
    });
  });
}

/** The database file's bytes, hashed: a command that writes nothing leaves it as it was. */
export function fileDigest(db: string): string {
  return createHash('sha256').update(readFileSync(db)).digest('hex');
}

/** The effective date of each applied period, from the ledger. */
export async function effectiveDates(f: Fixture): Promise<Map<number, string>> {
  const rows = await query<{ period: number; d: string }>(
    f.db,
    'SELECT period, CAST(effective_date AS VARCHAR) AS d FROM scd_parallel_periods',
  );
  return new Map(rows.map((r) => [Number(r.period), r.d]));
}
