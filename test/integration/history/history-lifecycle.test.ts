import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode, rewindScd } from '../../../src/index.js';
import { cli, execute, query, readHistory, snapshotRow, withTempDir, writeSnapshot } from '../../support/helpers.js';
import type { SnapshotRow } from '../../support/reference-model.js';

/** Re-simulated years, --replace, rewind, late periods and empty periods, each against a fresh in-order build. */
const base = [2025, 2026, 2027].flatMap((y) => ['A', 'B', 'C', 'D'].map((id, i) => snapshotRow(id, y, `${y + i}.00`)));
const RESIMULATE_2026 =
  `UPDATE fct_workforce_snapshot SET annual_salary = annual_salary ` +
  `+ 7 WHERE simulation_year = 2026 AND employee_id IN ('A', 'C');
  DELETE FROM fct_workforce_snapshot WHERE simulation_year = 2026 AND employee_id = 'B';
  INSERT INTO fct_workforce_snapshot VALUES ('E', 2026, 1.00, 'L1', 'HR', 'active', DATE '2026-12-31', 'E@2026')`;

const ledger = (db: string) =>
  query<{ period: string; effective_date: string; rows_read: string }>(
    db,
    'SELECT period, CAST(CAST(effective_date AS DATE) AS VARCHAR) AS ' +
      'effective_date, rows_read FROM scd_parallel_periods ORDER BY period',
  );

/** The history a fresh run builds, in order, from `db`'s current source (copied to a new file). */
async function fresh(dir: string, db: string, ...args: string[]) {
  const copy = join(dir, `fresh-${Math.random().toString(36).slice(2)}.duckdb`);
  await execute(
    db,
    `ATTACH '${copy}' AS f; CREATE TABLE f.fct_workforce_snapshot AS FROM fct_workforce_snapshot; DETACH f`,
  );
  expect((await cli('run', '--db', copy, ...(args.length === 0 ? ['--all'] : args))).code).toBe(0);
  return { history: await readHistory(copy), ledger: await ledger(copy) };
}

async function withSource<T>(rows: readonly SnapshotRow[], fn: (db: string, dir: string) => Promise<T>): Promise<T> {
  return withTempDir(async (dir) => {
    const db = join(dir, 'sim.duckdb');
    await writeSnapshot(db, rows);
    return fn(db, dir);
  });
}

const current = async (db: string) => ({ history: await readHistory(db), ledger: await ledger(db) });

describe('re-simulating a year', () => {
  it('is refused with the --replace hint; --replace then gives exactly the fresh history, in one run', async () => {
    await withSource(base, async (db, dir) => {
      expect((await cli('run', '--db', db, '--all', '--chunks', '2')).code).toBe(0);
      await execute(db, RESIMULATE_2026);
      expect(await cli('run', '--db', db, '--all')).toMatchObject({
        code: ExitCode.badInput,
        stderr:
          'scd-parallel: source period 2026 has changed since it was applied to ' +
          'scd_workforce_state: 4 keys differ from the history; apply it again with --replace\n',
      });
      const result = await cli('run', '--db', db, '--all', '--replace', '--json');
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout) as {
        changeSets: string;
        periods: Array<{ period: number; status: string }>;
      };
      expect(report.changeSets).toBe('inline');
      expect(report.periods.map((p) => [p.period, p.status])).toEqual([
        [2025, 'already-applied'],
        [2026, 'replaced'],
        [2027, 'replaced'],
      ]);
      expect(await current(db)).toEqual(await fresh(dir, db));
      expect((await cli('check', '--db', db)).code).toBe(0);
      // Applying the now unchanged source again writes nothing.
      expect(JSON.parse((await cli('run', '--db', db, '--all', '--json')).stdout).totals.periodsApplied).toBe(0);
    });
  });

  it('--year Y --replace replays Y and every applied period after it', async () => {
    await withSource(base, async (db, dir) => {
      expect((await cli('run', '--db', db, '--all')).code).toBe(0);
      await execute(db, RESIMULATE_2026);
      expect((await cli('run', '--db', db, '--year', '2026', '--replace')).code).toBe(0);
      expect(await current(db)).toEqual(await fresh(dir, db));
    });
  });

  it('--replace accepts a re-dated period', async () => {
    await withSource(base, async (db, dir) => {
      expect((await cli('run', '--db', db, '--all')).code).toBe(0);
      await execute(
        db,
        `UPDATE fct_workforce_snapshot SET effective_date = DATE '2026-06-30' WHERE simulation_year = 2026`,
      );
      expect((await cli('run', '--db', db, '--all')).code).toBe(ExitCode.badInput);
      expect((await cli('run', '--db', db, '--all', '--replace')).code).toBe(0);
      expect(await current(db)).toEqual(await fresh(dir, db));
    });
  });
});

describe('rewind', () => {
  it('returns to exactly the state after a period, and replaying equals a fresh run', async () => {
    await withSource(base, async (db, dir) => {
      expect((await cli('run', '--db', db, '--all')).code).toBe(0);
      const result = await cli('rewind', '--db', db, '--to', '2025');
      expect(result).toMatchObject({
        code: 0,
        stdout: expect.stringMatching(
          new RegExp(
            '^scd_workforce_state: rewound, now at period 2025; removed periods 2026, 2027; ' +
              '\\d+ versions deleted, \\d+ reopened',
          ),
        ),
      });
      expect(await current(db)).toEqual(await fresh(dir, db, '--year', '2025'));
      expect((await cli('check', '--db', db)).code).toBe(0);
      expect((await cli('rewind', '--db', db, '--to', '2026')).stdout).toBe(
        'scd_workforce_state: nothing to rewind, already at period 2025\n',
      );
      expect((await cli('run', '--db', db, '--all')).code).toBe(0);
      expect(await current(db)).toEqual(await fresh(dir, db));
    });
  });

  it('to before the first applied period empties the history; a run then rebuilds it', async () => {
    await withSource(base, async (db, dir) => {
      expect((await cli('run', '--db', db, '--all')).code).toBe(0);
      const result = await cli('rewind', '--db', db, '--to', '2000', '--json');
      expect(JSON.parse(result.stdout)).toMatchObject({
        targetTable: 'scd_workforce_state',
        period: null,
        periodsRemoved: [2025, 2026, 2027],
        versionsReopened: 0,
      });
      expect(await current(db)).toEqual({ history: [], ledger: [] });
      expect((await cli('run', '--db', db, '--all')).code).toBe(0);
      expect(await current(db)).toEqual(await fresh(dir, db));
    });
  });

  it('stops on a signal before it begins, and says so', async () => {
    await withSource(base, async (db) => {
      expect((await cli('run', '--db', db, '--all')).code).toBe(0);
      const before = await current(db);
      const error = await rewindScd({ db, to: 2025, signal: AbortSignal.abort('SIGINT') }).catch((e: unknown) => e);
      // Nothing began, so nothing was rolled back (test/integration/hardening/hardening-failures.test.ts stops it
      // inside, and after).
      expect(error).toMatchObject({
        message: 'interrupted by SIGINT before the rewind began; the history is as it was',
        exitCode: ExitCode.interrupt,
      });
      expect(await current(db)).toEqual(before);
    });
  });

  it('needs a history', async () => {
    await withSource(base, async (db) => {
      expect(await cli('rewind', '--db', db, '--to', '2025')).toMatchObject({
        code: ExitCode.badInput,
        stderr: `scd-parallel: history table scd_workforce_state does not exist in ${db}\n`,
      });
    });
  });
});

describe('late periods', () => {
  it('a period arriving between applied periods is applied; the history equals the one built in order', async () => {
    const rows = [...base.filter((r) => r.simulation_year !== 2026), snapshotRow('A', 2028)];
    await withSource(rows, async (db, dir) => {
      expect((await cli('run', '--db', db, '--years', '2025-2027')).code).toBe(0);
      await execute(
        db,
        `INSERT INTO fct_workforce_snapshot SELECT * REPLACE (2026 AS simulation_year, ` +
          `DATE '2026-12-31' AS effective_date, annual_salary + 3 AS annual_salary) FROM ` +
          `fct_workforce_snapshot WHERE simulation_year = 2025 AND employee_id <> 'A'`,
      );
      expect(await cli('run', '--db', db, '--year', '2028')).toMatchObject({
        code: ExitCode.badInput,
        stderr: 'scd-parallel: period 2028 would skip source period 2026, not yet applied\n',
      });
      await execute(db, 'DELETE FROM fct_workforce_snapshot WHERE simulation_year = 2028');
      const report = JSON.parse((await cli('run', '--db', db, '--all', '--json')).stdout) as {
        periods: Array<{ period: number; status: string }>;
      };
      expect(report.periods.map((p) => [p.period, p.status])).toEqual([
        [2025, 'already-applied'],
        [2026, 'applied'],
        [2027, 'replaced'],
      ]);
      expect(await current(db)).toEqual(await fresh(dir, db));
    });
  });
});

describe('empty periods', () => {
  const later = base.filter((r) => r.simulation_year > 2025);

  it('--allow-empty allows an empty first period, dated by its neighbour if periods are years, or given', async () => {
    await withSource(later, async (db) => {
      expect((await cli('run', '--db', db, '--year', '2025', '--allow-empty')).code).toBe(0);
      expect(await ledger(db)).toEqual([{ period: '2025', effective_date: '2025-12-31', rows_read: '0' }]);
      expect((await cli('run', '--db', db, '--all')).code).toBe(0);
      expect((await cli('check', '--db', db)).code).toBe(0);
    });
    await withSource(later, async (db) => {
      expect(
        (await cli('run', '--db', db, '--year', '2025', '--allow-empty', '--effective-date', '2025-06-30')).code,
      ).toBe(0);
      expect((await ledger(db))[0]?.effective_date).toBe('2025-06-30');
      expect(await cli('run', '--db', db, '--year', '2026', '--effective-date', '2026-01-01')).toMatchObject({
        code: ExitCode.badInput,
        stderr: 'scd-parallel: --effective-date 2026-01-01 dates a period without rows, and this run applies none\n',
      });
      expect(await cli('check', '--db', db, '--effective-date', '2026-01-01')).toMatchObject({
        code: ExitCode.badInput,
        stderr: 'scd-parallel: --effective-date 2026-01-01 dates a period without rows, which only run applies\n',
      });
    });
  });

  it('is never dated by year arithmetic when periods are not years, nor on or after the next period', async () => {
    const quarters = later.map((r) => ({
      ...r,
      simulation_year: r.simulation_year - 2025,
      effective_date: `2025-0${(r.simulation_year - 2025) * 3}-30`,
    }));
    await withSource(quarters, async (db) => {
      expect(await cli('run', '--db', db, '--year', '0', '--allow-empty')).toMatchObject({
        code: ExitCode.badInput,
        stderr:
          'scd-parallel: period 0 has no rows to date it and the ' +
          'periods are not years; give its date with --effective-date\n',
      });
      expect(
        await cli('run', '--db', db, '--year', '0', '--allow-empty', '--effective-date', '2025-03-30'),
      ).toMatchObject({
        code: ExitCode.badInput,
        stderr: "scd-parallel: period 0 would take effective date 2025-03-30, not before period 1's 2025-03-30\n",
      });
      expect(await query(db, "SELECT count(*) AS n FROM duckdb_tables() WHERE table_name LIKE 'scd%'")).toEqual([
        { n: '0' },
      ]);
    });
  });

  it('--full-refresh keeps periods applied empty', async () => {
    const gap = base.filter((r) => r.simulation_year !== 2026);
    await withSource(gap, async (db) => {
      expect((await cli('run', '--db', db, '--year', '2025')).code).toBe(0);
      expect((await cli('run', '--db', db, '--year', '2026', '--allow-empty')).code).toBe(0);
      expect((await cli('run', '--db', db, '--all')).code).toBe(0);
      const incremental = await current(db);
      expect(incremental.ledger.map((l) => l.period)).toEqual(['2025', '2026', '2027']);
      expect((await cli('run', '--db', db, '--full-refresh')).code).toBe(0);
      expect(await current(db)).toEqual(incremental);
      expect((await cli('check', '--db', db)).code).toBe(0);
    });
  });
});
