import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode, generateWorkforce, rewindScd, runScd } from '../../../src/index.js';
import { cli, execute, query, withTempDir } from '../../support/helpers.js';

const YEARS = [2025, 2026, 2027, 2028];
const all = { kind: 'all' } as const;

/** A generated workforce (hires, terminations that drop rows, rehires) over YEARS. */
async function withWorkforce<T>(fn: (db: string, dir: string) => Promise<T>): Promise<T> {
  return withTempDir(async (dir) => {
    const db = join(dir, 'sim.duckdb');
    await generateWorkforce({
      db,
      table: 'fct_workforce_snapshot',
      employees: 400,
      startYear: YEARS[0] as number,
      years: YEARS.length,
      seed: 13,
    });
    return fn(db, dir);
  });
}

/** Rows of `a` missing from `b` and of `b` missing from `a` (EXCEPT ALL both ways), with the rows each gave. */
async function difference(
  db: string,
  a: string,
  b: string,
): Promise<{ aRows: number; bRows: number; onlyA: number; onlyB: number }> {
  const [row] = await query<{ a_rows: string; b_rows: string; only_a: string; only_b: string }>(
    db,
    `SELECT (SELECT count(*) FROM (${a})) AS a_rows, (SELECT count(*) FROM (${b})) AS b_rows,
            (SELECT count(*) FROM (${a} EXCEPT ALL ${b})) AS only_a, ` +
      `(SELECT count(*) FROM (${b} EXCEPT ALL ${a})) AS only_b`,
  );
  return {
    aRows: Number(row?.a_rows),
    bRows: Number(row?.b_rows),
    onlyA: Number(row?.only_a),
    onlyB: Number(row?.only_b),
  };
}

const snapshot = (year: number) => `SELECT * FROM fct_workforce_snapshot WHERE simulation_year = ${year}`;
const asOf = (year: number) => `SELECT * FROM scd_workforce_state_as_of(${year})`;

/** For every year: the macro's rows equal the snapshot's, both ways, and there are some. */
async function expectAsOfEqualsSnapshots(db: string, years: readonly number[]): Promise<void> {
  for (const year of years) {
    const d = await difference(db, asOf(year), snapshot(year));
    expect({ year, ...d, rows: d.aRows > 0 }).toEqual({
      year,
      aRows: d.bRows,
      bRows: d.bRows,
      onlyA: 0,
      onlyB: 0,
      rows: true,
    });
  }
}

const macros = async (db: string) =>
  query<{ name: string; type: string; comment: string | null }>(
    db,
    `SELECT function_name AS name, function_type AS type, comment FROM ` +
      `duckdb_functions() WHERE function_name LIKE '%as_of' ORDER BY ALL`,
  );

describe('as-of: the history at an applied period equals its snapshot', () => {
  it.each(['invalidate', 'new_record'] as const)(
    '%s: for every applied period, also after a rewind and a replay',
    async (hardDeletes) => {
      await withWorkforce(async (db) => {
        await runScd({ db, selection: all, table: { hardDeletes }, chunks: 4, workers: 2 });
        await expectAsOfEqualsSnapshots(db, YEARS);
        await rewindScd({ db, to: 2026 });
        await expectAsOfEqualsSnapshots(db, [2025, 2026]);
        expect((await cli('as-of', '--db', db, '--year', '2027')).stderr).toBe(
          'scd-parallel: period 2027 is not applied to scd_workforce_state (applied: 2025, 2026)\n',
        );
        await runScd({ db, selection: all, inline: true });
        await expectAsOfEqualsSnapshots(db, YEARS);
      });
    },
  );

  it('the command prints the count and first rows, or writes a Parquet or CSV file equal to the snapshot', async () => {
    await withWorkforce(async (db, dir) => {
      await runScd({ db, selection: all });
      const [{ n } = { n: '' }] = await query<{ n: string }>(db, `SELECT count(*) AS n FROM (${snapshot(2027)})`);
      const printed = await cli('as-of', '--db', db, '--year', '2027', '--json');
      const report = JSON.parse(printed.stdout);
      const first = await query(db, `SELECT * FROM (${snapshot(2027)}) ORDER BY ALL LIMIT 10`);
      expect([printed.code, report]).toEqual([
        0,
        {
          targetTable: 'scd_workforce_state',
          period: 2027,
          effectiveDate: '2027-12-31',
          rows: Number(n),
          out: null,
          head: first,
        },
      ]);
      expect((await cli('as-of', '--db', db, '--year', '2027')).stdout.split('\n')[0]).toBe(
        `scd_workforce_state as of period 2027 (2027-12-31): ${Number(n).toLocaleString('en-US')} rows; the first 10`,
      );
      for (const file of ['y.parquet', 'y.csv']) {
        const out = join(dir, file);
        expect(await cli('as-of', '--db', db, '--year', '2027', '--out', out)).toEqual({
          code: 0,
          stdout:
            `scd_workforce_state as of period 2027 ` +
            `(2027-12-31): ${Number(n).toLocaleString('en-US')} rows, written to ${out}\n`,
          stderr: '',
        });
        const d = await difference(db, `SELECT * FROM '${out}'`, snapshot(2027));
        expect(d).toEqual({ aRows: Number(n), bRows: Number(n), onlyA: 0, onlyB: 0 });
      }
      expect(await cli('as-of', '--db', db, '--year', '2027', '--out', join(dir, 'y.json'))).toEqual({
        code: ExitCode.badInput,
        stdout: '',
        stderr: `scd-parallel: --out ${join(dir, 'y.json')} must end in .parquet or .csv\n`,
      });
    });
  });

  it('the macro comes with the history, marked ours; an unapplied period is an error naming the applied', async () => {
    await withWorkforce(async (db) => {
      await runScd({ db, selection: { kind: 'range', from: 2025, to: 2026, exact: false } });
      expect(await macros(db)).toEqual([
        {
          name: 'scd_workforce_state_as_of',
          type: 'table_macro',
          comment: 'scd-parallel as-of macro of "main"."scd_workforce_state"',
        },
      ]);
      await expect(query(db, asOf(2027))).rejects.toThrow(
        'period 2027 is not applied to scd_workforce_state (applied: 2025, 2026)',
      );
      expect(await cli('as-of', '--db', db, '--year', '2027')).toEqual({
        code: ExitCode.badInput,
        stdout: '',
        stderr: 'scd-parallel: period 2027 is not applied to scd_workforce_state (applied: 2025, 2026)\n',
      });
    });
  });

  it('a schema-qualified history has its macro in its schema, callable from any schema', async () => {
    await withWorkforce(async (db) => {
      await runScd({ db, selection: all, table: { targetTable: 'snapshots.history' } });
      const d = await difference(db, 'SELECT * FROM snapshots.history_as_of(2026)', snapshot(2026));
      expect(d.onlyA + d.onlyB).toBe(0);
      expect(d.aRows).toBeGreaterThan(0);
    });
  });

  it('a refused run leaves no history and no macro', async () => {
    await withWorkforce(async (db) => {
      const refused = await cli('run', '--db', db, '--all', '--tracked', 'no_such_column');
      expect(refused.code).toBe(ExitCode.badInput);
      expect([
        await macros(db),
        await query(db, `SELECT table_name FROM duckdb_tables() WHERE table_name = 'scd_workforce_state'`),
      ]).toEqual([[], []]);
    });
  });

  it("a user's function of the macro's name is refused, exit 2, left untouched; no history is created", async () => {
    await withWorkforce(async (db) => {
      await execute(db, 'CREATE MACRO scd_workforce_state_as_of(x) AS x + 1');
      const refused = await cli('run', '--db', db, '--all');
      expect(refused).toEqual({
        code: ExitCode.badInput,
        stdout: '',
        stderr:
          'scd-parallel: function scd_workforce_state_as_of exists and was not created by ' +
          'scd-parallel; it is left untouched (drop or rename it, or name another --target)\n',
      });
      expect(await query(db, 'SELECT scd_workforce_state_as_of(41) AS v')).toEqual([{ v: 42 }]);
      expect(await macros(db)).toEqual([{ name: 'scd_workforce_state_as_of', type: 'macro', comment: null }]);
      expect(
        await query(db, `SELECT table_name FROM duckdb_tables() WHERE table_name = 'scd_workforce_state'`),
      ).toEqual([]);
    });
  });

  it("a user's table macro that replaced ours is refused too, also by --full-refresh", async () => {
    await withWorkforce(async (db) => {
      await runScd({ db, selection: { kind: 'range', from: 2025, to: 2025, exact: true } });
      await execute(db, 'CREATE OR REPLACE MACRO scd_workforce_state_as_of(y) AS TABLE SELECT y AS mine');
      for (const args of [['--all'], ['--full-refresh']])
        expect((await cli('run', '--db', db, ...args)).code).toBe(ExitCode.badInput);
      expect(await query(db, 'SELECT * FROM scd_workforce_state_as_of(7)')).toEqual([{ mine: 7 }]);
    });
  });

  it('a history that lacks the macro (made before it existed) gets it from its next run', async () => {
    await withWorkforce(async (db) => {
      await runScd({ db, selection: { kind: 'range', from: 2025, to: 2026, exact: false } });
      await execute(db, 'DROP MACRO TABLE scd_workforce_state_as_of');
      await runScd({ db, selection: all });
      await expectAsOfEqualsSnapshots(db, YEARS);
    });
  });
});
