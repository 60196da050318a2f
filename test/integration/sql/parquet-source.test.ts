import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { quotedString } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkHistory,
  ExitCode,
  generateWorkforce,
  type RunOptions,
  reportHistory,
  rewindScd,
  runScd,
  ScdError,
} from '../../../src/index.js';
import { cli, execute, historyFingerprint, query, withConnection } from '../../support/helpers.js';

/**
 * A generated workforce in a DuckDB table, its history built from that table, and the same rows
 * as Parquet under a directory whose name holds a single quote: hive-partitioned by year (the
 * period only in the paths) and flat (one file a year, the period in the files).
 */
let dir: string;
let root: string;
let tableDb: string;
const YEARS = [2025, 2026, 2027];
const glob = { hive: '', flat: '' };

const TARGET = 'scd_workforce_state';

/** The rows of `year` in `db`'s generated table as Parquet at `file`; `sql` may change them. */
async function writeYear(
  file: string,
  year: number,
  partitioned: boolean,
  select = `SELECT * FROM fct_workforce_snapshot`,
): Promise<void> {
  const columns = partitioned ? ' EXCLUDE (simulation_year)' : '';
  await execute(
    tableDb,
    `COPY (SELECT *${columns} FROM (${select}) WHERE simulation_year ` +
      `= ${year}) TO ${quotedString(file)} (FORMAT parquet)`,
  );
}

async function writeLayouts(
  into: string,
  years: readonly number[],
  select?: string,
): Promise<{ hive: string; flat: string }> {
  for (const year of years) {
    mkdirSync(join(into, 'hive', `simulation_year=${year}`), { recursive: true });
    mkdirSync(join(into, 'flat'), { recursive: true });
    await writeYear(join(into, 'hive', `simulation_year=${year}`, 'part.parquet'), year, true, select);
    await writeYear(join(into, 'flat', `year-${year}.parquet`), year, false, select);
  }
  return { hive: join(into, 'hive', '**', '*.parquet'), flat: join(into, 'flat', '*.parquet') };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scd-parquet-'));
  root = join(dir, "it's");
  tableDb = join(dir, 'table.duckdb');
  await generateWorkforce({
    db: tableDb,
    table: 'fct_workforce_snapshot',
    employees: 400,
    startYear: 2025,
    years: YEARS.length,
    seed: 3,
  });
  Object.assign(glob, await writeLayouts(root, YEARS));
  await runScd({ db: tableDb, selection: { kind: 'all' }, chunks: 1, workers: 1 });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

let dbs = 0;
const freshDb = () => join(dir, `run-${++dbs}.duckdb`);

/**
 * Rows of `db`'s history missing from `reference`'s plus the reverse (EXCEPT ALL both ways), on
 * every column of the reference's history but dbt_updated_at, by name: a hive period column
 * comes last and as BIGINT.
 */
async function differences(db: string, reference: string): Promise<{ rows: number; differ: number }> {
  return withConnection(db, async (c) => {
    await c.run(`ATTACH ${quotedString(reference)} AS ref (READ_ONLY)`);
    const names = (
      await c.runAndReadAll(
        `SELECT column_name FROM duckdb_columns() WHERE database_name ` +
          `= 'ref' AND table_name = '${TARGET}' ORDER BY column_index`,
      )
    )
      .getRowObjectsJS()
      .map((r) => `"${String(r.column_name)}"`)
      .filter((n) => n !== '"dbt_updated_at"')
      .join(', ');
    const side = (from: string) => `SELECT ${names} FROM ${from}.${TARGET}`;
    const [row] = (
      await c.runAndReadAll(
        `SELECT (SELECT count(*) FROM ref.${TARGET}) AS rows,
                (SELECT count(*) FROM (${side('main')} EXCEPT ALL ${side('ref')})) + (SELECT ` +
          `count(*) FROM (${side('ref')} EXCEPT ALL ${side('main')})) AS differ`,
      )
    ).getRowObjectsJS();
    return { rows: Number(row?.rows), differ: Number(row?.differ) };
  });
}

const rowsOf = async (db: string) =>
  Number((await query<{ n: string }>(db, `SELECT count(*) AS n FROM ${TARGET}`))[0]?.n);
const referenceRows = () => rowsOf(tableDb);

async function runFrom(db: string, source: string, options: Partial<RunOptions> = {}): Promise<void> {
  await runScd({ db, selection: { kind: 'all' }, table: { sourceTable: source }, ...options });
}

describe('Parquet sources', () => {
  const MODES: Array<[string, Partial<RunOptions>]> = [
    ['chunks 1', { chunks: 1, workers: 1 }],
    ['chunks 4 on 2 workers', { chunks: 4, workers: 2 }],
    ['inline', { inline: true }],
    ['full refresh', { fullRefresh: true }],
  ];
  const LAYOUTS = ['hive', 'flat'] as const;

  it.each(LAYOUTS.flatMap((layout) => MODES.map(([mode, options]) => [layout, mode, options] as const)))(
    '%s files, %s: the history equals the one from the table, and check passes',
    async (layout, _mode, options) => {
      const db = freshDb();
      await runFrom(db, glob[layout], options);
      expect(await differences(db, tableDb)).toEqual({ rows: await referenceRows(), differ: 0 });
      const check = await checkHistory({ db });
      expect([check.ok, check.periodsChecked]).toEqual([true, YEARS.length]);
    },
  );

  it('reads hive years as an integer period; records the glob for runs, checks and reports without it', async () => {
    const db = freshDb();
    await runScd({
      db,
      selection: { kind: 'range', from: 2025, to: 2026, exact: false },
      table: { sourceTable: relative(process.cwd(), glob.hive) },
    });
    expect(
      await query(
        db,
        `SELECT data_type FROM duckdb_columns() WHERE table_name = '${TARGET}' AND column_name = 'simulation_year'`,
      ),
    ).toEqual([{ data_type: 'BIGINT' }]);
    expect(await query(db, 'SELECT source_table FROM scd_parallel_histories')).toEqual([{ source_table: glob.hive }]);
    // No source given: the recorded (absolute) glob.
    await runScd({ db, selection: { kind: 'all' } });
    expect(await differences(db, tableDb)).toEqual({ rows: await referenceRows(), differ: 0 });
    expect((await checkHistory({ db })).ok).toBe(true);
    expect((await reportHistory({ db })).sourceTable).toBe(glob.hive);
    const other = await runScd({ db, selection: { kind: 'all' }, table: { sourceTable: glob.flat } }).catch(
      (e: unknown) => e,
    );
    expect(other).toBeInstanceOf(ScdError);
    expect((other as ScdError).message).toBe(
      `history table ${TARGET} reads ${glob.hive}, not ${glob.flat}; rebuild it with fullRefresh`,
    );
  });

  it.each(LAYOUTS)(
    '%s: a rewritten year is refused without replace and applied with it; rewind and run equal a fresh run',
    async (layout) => {
      const copy = join(dir, `rewritten-${layout}`);
      const globs = await writeLayouts(copy, YEARS);
      const db = freshDb();
      await runFrom(db, globs[layout], { chunks: 2, workers: 2 });
      const before = await historyFingerprint(db);
      // Year 2026 re-simulated: 50 of its employees' salaries change.
      const changed =
        `SELECT employee_id FROM fct_workforce_snapshot WHERE ` +
        `simulation_year = 2026 ORDER BY employee_id LIMIT 50`;
      await writeLayouts(
        copy,
        [2026],
        `SELECT * REPLACE (CASE WHEN employee_id IN (${changed}) THEN CAST(annual_salary + 1 AS ` +
          `DECIMAL(12, 2)) ELSE annual_salary END AS annual_salary) FROM fct_workforce_snapshot`,
      );
      const refused = await runFrom(db, globs[layout]).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ScdError);
      expect([(refused as ScdError).exitCode, (refused as ScdError).message]).toEqual([
        ExitCode.badInput,
        `source period 2026 has changed since it was applied to ${TARGET}: ` +
          `50 keys differ from the history; apply it again with replace`,
      ]);
      expect(await historyFingerprint(db)).toBe(before);
      await runFrom(db, globs[layout], { replace: true, chunks: 2, workers: 2 });
      const fresh = freshDb();
      await runFrom(fresh, globs[layout]);
      expect(await differences(db, fresh)).toEqual({ rows: await rowsOf(fresh), differ: 0 });
      expect(await historyFingerprint(db)).not.toBe(before);
      expect((await checkHistory({ db })).ok).toBe(true);
      await rewindScd({ db, to: 2025 });
      await runScd({ db, selection: { kind: 'all' } });
      expect(await differences(db, fresh)).toEqual({ rows: await rowsOf(fresh), differ: 0 });
    },
  );

  it('a year whose files arrive late is applied in its place', async () => {
    const late = join(dir, 'late');
    const globs = await writeLayouts(late, [2025, 2027]);
    const db = freshDb();
    await runFrom(db, globs.hive);
    await writeLayouts(late, [2026]);
    await runFrom(db, globs.hive);
    expect(await differences(db, tableDb)).toEqual({ rows: await referenceRows(), differ: 0 });
  });

  it('a glob that matches nothing is refused, naming it, and nothing is written', async () => {
    const db = freshDb();
    await execute(db, 'CREATE TABLE mine (x INTEGER)');
    const missing = join(root, 'nowhere', '*.parquet');
    const error = await runFrom(db, missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScdError);
    expect([(error as ScdError).exitCode, (error as ScdError).message]).toEqual([
      ExitCode.badInput,
      `source files ${missing} match no file`,
    ]);
    expect(await query(db, 'SELECT table_name FROM duckdb_tables()')).toEqual([{ table_name: 'mine' }]);
  });
});

describe('Parquet sources from the CLI', () => {
  it('run --source GLOB, then check and report with --db alone', async () => {
    const db = freshDb();
    const run = await cli(
      'run',
      '--db',
      db,
      '--source',
      glob.hive,
      '--all',
      '--chunks',
      '3',
      '--workers',
      '2',
      '--json',
    );
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(JSON.parse(run.stdout)).toMatchObject({ sourceTable: glob.hive, totals: { periodsApplied: YEARS.length } });
    expect(await differences(db, tableDb)).toEqual({ rows: await referenceRows(), differ: 0 });
    const check = await cli('check', '--db', db);
    expect([check.code, check.stdout]).toEqual([
      0,
      expect.stringContaining(`${TARGET}: clean (${YEARS.length} applied periods reconciled)`),
    ]);
    expect((await cli('report', '--db', db)).code).toBe(0);
  });

  it('a glob that matches nothing exits 2 and leaves no database behind', async () => {
    const db = freshDb();
    const missing = join(root, 'nowhere', '**', '*.parquet');
    expect(await cli('run', '--db', db, '--source', missing, '--all')).toEqual({
      code: ExitCode.badInput,
      stdout: '',
      stderr: `scd-parallel: source files ${missing} match no file\n`,
    });
    expect(readdirSync(dir).filter((f) => f.startsWith(basename(db)))).toEqual([]);
  });

  it('a missing database is created for Parquet files only', async () => {
    const missing = freshDb();
    expect(await cli('run', '--db', missing, '--all')).toEqual({
      code: ExitCode.badInput,
      stdout: '',
      stderr: `scd-parallel: database ${missing} does not exist\n`,
    });
    expect(await cli('run', '--db', missing, '--source', glob.flat, '--year', '2025')).toMatchObject({
      code: 0,
      stderr: '',
    });
    expect(readdirSync(dir).filter((f) => f.startsWith(basename(missing)))).toEqual([basename(missing)]);
  });
});
