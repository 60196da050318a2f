import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/errors/index.js';
import { generateWorkforce } from '../../../src/index.js';
import { cli, execute, query, withTempDir } from '../../support/helpers.js';
import { BIN, ROOT } from '../../support/paths.js';

/** dbt's names, or the ones snapshot_meta_column_names gives. */
interface DbtNames {
  readonly from: string;
  readonly to: string;
  readonly scdId: string;
  readonly updatedAt: string;
  /** dbt_valid_to_current: what an open version's dbt_valid_to holds. */
  readonly current: string;
}
const DBT: DbtNames = {
  from: 'dbt_valid_from',
  to: 'dbt_valid_to',
  scdId: 'dbt_scd_id',
  updatedAt: 'dbt_updated_at',
  current: 'NULL',
};
const TRACKED = ['annual_salary', 'job_level', 'department', 'employee_status'];
/** The wall-clock times of the dbt snapshot runs, one per year, seconds apart on one day. */
const RUN_AT: Record<number, string> = {
  2025: '2026-01-05 09:00:00+00',
  2026: '2026-01-05 09:00:42.5+00',
  2027: '2026-01-05 09:01:30+00',
};

/**
 * What `dbt snapshot` with the check strategy on the tracked columns and invalidate_hard_deletes
 * does for one year, as dbt-duckdb's SQL does it: close open versions whose key left or whose
 * tracked values changed at the run's time, then open a version for every key without one.
 */
function dbtSnapshotRun(year: number, n: DbtNames): string {
  const at = `TIMESTAMPTZ '${RUN_AT[year]}'`;
  const open = n.current === 'NULL' ? `${n.to} IS NULL` : `${n.to} = ${n.current}`;
  const changed = TRACKED.map((c) => `s.${c} IS DISTINCT FROM snap.${c}`).join(' OR ');
  return (
    `
    UPDATE snapshots.scd_workforce_state snap SET ${n.to} = ${at}
    WHERE ${open} AND NOT EXISTS (SELECT 1 FROM fct_workforce_snapshot s WHERE ` +
    `s.simulation_year = ${year} AND s.employee_id = snap.employee_id AND NOT (${changed}));
    INSERT INTO snapshots.scd_workforce_state
    SELECT s.*, md5(s.employee_id || '|' || CAST(${at} AS ` +
    `VARCHAR)), ${at}, ${at}, ${n.current === 'NULL' ? 'NULL' : n.current}
    FROM fct_workforce_snapshot s
    WHERE s.simulation_year = ${year}
      AND NOT EXISTS (SELECT 1 FROM snapshots.scd_workforce_state ` +
    `snap WHERE snap.employee_id = s.employee_id AND ${open});`
  );
}

/**
 * The same with hard_deletes new_record, as dbt-adapters does it: dbt_is_deleted is the text
 * 'True' or 'False'; a removed key's closed version is copied as a tombstone, which closes when the
 * key returns.
 */
function dbtNewRecordRun(year: number): string {
  const at = `TIMESTAMPTZ '${RUN_AT[year]}'`;
  const changed = TRACKED.map((c) => `s.${c} IS DISTINCT FROM snap.${c}`).join(' OR ');
  const inYear = (alias: string) =>
    `SELECT 1 FROM fct_workforce_snapshot s WHERE s.simulation_year = ${year} AND s.employee_id = ${alias}.employee_id`;
  return (
    `
    UPDATE snapshots.scd_workforce_state snap SET dbt_valid_to = ${at}
    WHERE dbt_valid_to IS NULL AND dbt_is_deleted = 'False' AND NOT EXISTS (${inYear('snap')} AND NOT (${changed}));
    UPDATE snapshots.scd_workforce_state snap SET dbt_valid_to = ${at} WHERE ` +
    `dbt_valid_to IS NULL AND dbt_is_deleted = 'True' AND EXISTS (${inYear('snap')});
    INSERT INTO snapshots.scd_workforce_state
    SELECT * REPLACE (md5(employee_id || '|deleted|' || CAST(${at} AS ` +
    `VARCHAR)) AS dbt_scd_id, ${at} AS dbt_updated_at, ${at} AS dbt_valid_from,
                      NULL AS dbt_valid_to, 'True' AS dbt_is_deleted)
    FROM snapshots.scd_workforce_state snap WHERE dbt_valid_to = ${at} ` +
    `AND dbt_is_deleted = 'False' AND NOT EXISTS (${inYear('snap')});
    INSERT INTO snapshots.scd_workforce_state
    SELECT s.*, md5(s.employee_id || '|' || CAST(${at} AS VARCHAR)), ${at}, ${at}, NULL, 'False'
    FROM fct_workforce_snapshot s
    WHERE s.simulation_year = ${year}
      AND NOT EXISTS (SELECT 1 FROM snapshots.scd_workforce_state snap ` +
    `WHERE snap.employee_id = s.employee_id AND dbt_valid_to IS NULL);`
  );
}

/**
 * A workforce of `years` + 1 years from 2025 and a dbt snapshot of its first `years` years, as dbt leaves it
 * (TIMESTAMPTZ validity).
 */
async function withDbtSnapshot(
  years: number,
  n: DbtNames,
  fn: (db: string) => Promise<void>,
  newRecord = false,
): Promise<void> {
  await withTempDir(async (dir) => {
    const db = join(dir, 'sim.duckdb');
    // One source year more than the snapshot has, for run to continue it.
    await generateWorkforce({
      db,
      table: 'fct_workforce_snapshot',
      employees: 400,
      startYear: 2025,
      years: years + 1,
      seed: 7,
    });
    await execute(
      db,
      `CREATE SCHEMA snapshots;
       CREATE TABLE snapshots.scd_workforce_state AS
         SELECT *, CAST(NULL AS VARCHAR) AS ${n.scdId}, CAST(NULL AS TIMESTAMPTZ) AS ${n.updatedAt},
                CAST(NULL AS TIMESTAMPTZ) AS ${n.from}, CAST(NULL AS TIMESTAMPTZ) ` +
        `AS ${n.to}${newRecord ? ', CAST(NULL AS VARCHAR) AS dbt_is_deleted' : ''}
         FROM fct_workforce_snapshot WHERE false;
       ${[2025, 2026, 2027]
         .slice(0, years)
         .map((y) => (newRecord ? dbtNewRecordRun(y) : dbtSnapshotRun(y, n)))
         .join('\n')}`,
    );
    await fn(db);
  });
}

/** The CLI in a process of its own with the time zone `tz`: its exit code. */
function inZone(tz: string, ...args: string[]): number {
  try {
    execFileSync(process.execPath, [BIN, ...args], { env: { ...process.env, TZ: tz }, stdio: 'pipe' });
    return 0;
  } catch (error) {
    return (error as { status: number }).status;
  }
}

const validRun = new Ajv2020({ strict: true }).compile(
  JSON.parse(readFileSync(join(ROOT, 'schema', 'run-report.v2.schema.json'), 'utf8')),
);

const rows = (db: string, table = 'snapshots.scd_workforce_state') =>
  query(db, `SELECT * EXCLUDE (dbt_updated_at) FROM ${table} ORDER BY ALL`);

/**
 * Each version as (key, first period, period it ended at), through the ledger's dates: comparable across validity
 * types.
 */
const versionsByPeriod = (db: string, table: string, from = 'dbt_valid_from', to = 'dbt_valid_to') =>
  query(
    db,
    `SELECT employee_id, f.period AS first, t.period AS last, annual_salary, job_level, department, employee_status
     FROM ${table} h
     JOIN scd_parallel_periods f ON f.target_table LIKE ` +
      `'%${table.split('.').at(-1)}"' AND f.effective_date = CAST(h.${from} AS TIMESTAMP)
     LEFT JOIN scd_parallel_periods t ON t.target_table = ` +
      `f.target_table AND t.effective_date = CAST(h.${to} AS TIMESTAMP)
     ORDER BY ALL`,
  );

describe('adopt a dbt snapshot', () => {
  it('records it unchanged, passes check, and run continues it as a fresh history would be built', async () => {
    await withDbtSnapshot(2, DBT, async (db) => {
      const before = await rows(db);
      const adopted = await cli('adopt', '--db', db, '--target', 'snapshots.scd_workforce_state', '--json');
      expect([adopted.code, adopted.stderr]).toEqual([0, '']);
      expect(JSON.parse(adopted.stdout).periods).toEqual([
        { period: 2025, effectiveDate: '2026-01-05 09:00:00.000000' },
        { period: 2026, effectiveDate: '2026-01-05 09:00:42.500000' },
      ]);
      expect(await rows(db)).toEqual(before);
      expect((await cli('check', '--db', db)).code).toBe(0);
      // Its as-of macro, created in the adopting transaction, gives each adopted period's snapshot.
      for (const year of [2025, 2026]) {
        const [a, b] = [
          `SELECT * FROM snapshots.scd_workforce_state_as_of(${year})`,
          `SELECT * FROM fct_workforce_snapshot WHERE simulation_year = ${year}`,
        ];
        expect(
          await query(
            db,
            `SELECT (SELECT count(*) FROM (${a} EXCEPT ALL ${b})) AS ` +
              `x, (SELECT count(*) FROM (${b} EXCEPT ALL ${a})) AS y`,
          ),
        ).toEqual([{ x: '0', y: '0' }]);
      }
      // Applying the adopted periods again writes nothing; the next year continues it.
      const again = await cli('run', '--db', db, '--years', '2025-2026', '--json');
      expect(again.code).toBe(0);
      expect(validRun(JSON.parse(again.stdout)) ? [] : validRun.errors).toEqual([]);
      expect(await rows(db)).toEqual(before);
      // Its dbt run times are recorded in UTC: a process in any time zone reads and continues it alike.
      expect([inZone('America/New_York', 'check', '--db', db), inZone('Asia/Tokyo', 'check', '--db', db)]).toEqual([
        0, 0,
      ]);
      // Below its last adopted period, a rewind would lose what dbt dated.
      const below = await cli('rewind', '--db', db, '--to', '2025');
      expect([below.code, below.stderr]).toEqual([
        ExitCode.badInput,
        'scd-parallel: snapshots.scd_workforce_state continues an adopted dbt snapshot through period ' +
          '2026, whose dates no source gives: it cannot be rewound to 2025, only to 2026 or later\n',
      ]);
      expect(inZone('Asia/Tokyo', 'run', '--db', db, '--all')).toBe(0);
      expect((await cli('check', '--db', db)).code).toBe(0);
      // The same versions as a history the engine built from the start (on a copy of the source).
      expect((await cli('run', '--db', db, '--all', '--target', 'fresh')).code).toBe(0);
      const continued = await versionsByPeriod(db, 'snapshots.scd_workforce_state');
      expect(continued.length).toBeGreaterThan(400);
      expect(continued).toEqual(await versionsByPeriod(db, 'fresh'));
      // New versions carry dbt's kind of dbt_scd_id (stored), and the run's time in dbt_updated_at.
      const [added] = await query<{ n: string; ids: string }>(
        db,
        `SELECT count(*) AS n, count(DISTINCT dbt_scd_id) AS ids FROM ` +
          `snapshots.scd_workforce_state WHERE dbt_valid_from = TIMESTAMPTZ '2027-12-31 00:00:00+00'`,
      );
      expect(Number(added?.n)).toBeGreaterThan(0);
      expect(added?.ids).toBe(added?.n);
      // A rewind to the last adopted period gives back exactly the snapshot as dbt left it.
      expect((await cli('rewind', '--db', db, '--to', '2026', '--target', 'snapshots.scd_workforce_state')).code).toBe(
        0,
      );
      expect(await rows(db)).toEqual(before);
    });
  });

  it('honours snapshot_meta_column_names and dbt_valid_to_current, also for the versions run adds', async () => {
    const names: DbtNames = {
      from: 'valid_from',
      to: 'valid_to',
      scdId: 'scd_id',
      updatedAt: 'updated_at',
      current: "TIMESTAMPTZ '9999-12-31 00:00:00+00'",
    };
    await withDbtSnapshot(2, names, async (db) => {
      const flags = [
        '--meta-column-names',
        'dbt_valid_from=valid_from,dbt_valid_to=valid_to,dbt_scd_id=scd_id,dbt_updated_at=updated_at',
        '--valid-to-current',
        '9999-12-31',
      ];
      const adopted = await cli('adopt', '--db', db, '--target', 'snapshots.scd_workforce_state', ...flags);
      expect([adopted.code, adopted.stderr]).toEqual([0, '']);
      expect((await cli('run', '--db', db, '--all')).code).toBe(0);
      const check = await cli('check', '--db', db, '--json');
      expect(check.code).toBe(0);
      // check describes the rules in the history's own names and open end.
      const described = (
        JSON.parse(check.stdout) as { checks: Array<{ name: string; description: string }> }
      ).checks.filter((c) => ['current_flag', 'inverted_intervals'].includes(c.name));
      expect(described.map((c) => c.description)).toEqual([
        'is_current_record is true exactly when valid_to is 9999-12-31',
        'valid_from is set and before valid_to',
      ]);
      const [open] = await query<{ nulls: string; sentinels: string }>(
        db,
        `SELECT count(*) FILTER (WHERE valid_to IS NULL) AS nulls, count(*) FILTER (WHERE valid_to ` +
          `= TIMESTAMPTZ '9999-12-31 00:00:00+00') AS sentinels FROM snapshots.scd_workforce_state`,
      );
      expect(open?.nulls).toBe('0');
      const [current] = await query<{ n: string }>(
        db,
        'SELECT count(*) AS n FROM fct_workforce_snapshot WHERE simulation_year = 2027',
      );
      expect(open?.sentinels).toBe(current?.n);
    });
  });

  it("adopts a snapshot kept with hard deletes new_record (dbt_is_deleted as dbt's 'True'/'False' text)", async () => {
    // Keys terminated in 2026 leave in 2027: dbt's third run writes tombstones.
    await withDbtSnapshot(
      3,
      DBT,
      async (db) => {
        const [tombstones] = await query<{ n: string }>(
          db,
          "SELECT count(*) AS n FROM snapshots.scd_workforce_state WHERE dbt_is_deleted = 'True'",
        );
        expect(Number(tombstones?.n)).toBeGreaterThan(0);
        const adopted = await cli('adopt', '--db', db, '--target', 'snapshots.scd_workforce_state');
        expect([adopted.code, adopted.stderr]).toEqual([0, '']);
        expect((await cli('run', '--db', db, '--all')).code).toBe(0);
        expect((await cli('check', '--db', db)).code).toBe(0);
        expect((await cli('run', '--db', db, '--all', '--target', 'fresh', '--hard-deletes', 'new_record')).code).toBe(
          0,
        );
        const deleted = (table: string) =>
          query(
            db,
            `SELECT employee_id, CAST(dbt_valid_to IS NULL AS VARCHAR) AS open, ` +
              `lower(CAST(dbt_is_deleted AS VARCHAR)) AS deleted FROM ${table} ORDER BY ALL`,
          );
        expect(await versionsByPeriod(db, 'snapshots.scd_workforce_state')).toEqual(
          await versionsByPeriod(db, 'fresh'),
        );
        expect(await deleted('snapshots.scd_workforce_state')).toEqual(await deleted('fresh'));
      },
      true,
    );
  });

  it('is refused, naming what is missing or wrong, and records nothing', async () => {
    await withDbtSnapshot(2, DBT, async (db) => {
      await execute(
        db,
        `CREATE TABLE no_updated AS SELECT * EXCLUDE (dbt_updated_at) FROM snapshots.scd_workforce_state;
         CREATE VIEW a_view AS SELECT * FROM snapshots.scd_workforce_state;
         CREATE TABLE broken AS SELECT * FROM snapshots.scd_workforce_state;
         INSERT INTO broken SELECT * REPLACE (NULL AS dbt_valid_to, dbt_scd_id || '-copy' AS ` +
          `dbt_scd_id) FROM snapshots.scd_workforce_state WHERE dbt_valid_to IS NOT NULL LIMIT 3;`,
      );
      const refused = async (target: string, ...flags: string[]) => {
        const result = await cli('adopt', '--db', db, '--target', target, ...flags);
        return [result.code, result.stderr.trim()];
      };
      expect(await refused('no_updated')).toEqual([
        ExitCode.badInput,
        'scd-parallel: cannot adopt no_updated: it lacks dbt_updated_at (a dbt snapshot has dbt_scd_id, ' +
          'dbt_updated_at, dbt_valid_from, dbt_valid_to; other names are given with --meta-column-names)',
      ]);
      expect(await refused('a_view')).toEqual([
        ExitCode.badInput,
        'scd-parallel: cannot adopt a_view: it is a view, not a dbt snapshot table',
      ]);
      expect(await refused('snapshots.scd_workforce_state', '--hard-deletes', 'new_record')).toEqual([
        ExitCode.badInput,
        'scd-parallel: cannot adopt snapshots.scd_workforce_state with hard deletes new_record: ' +
          'a dbt snapshot has dbt_is_deleted exactly when it was kept with hard deletes new_record',
      ]);
      const [code, message] = await refused('broken');
      expect(code).toBe(ExitCode.checkFailed);
      expect(message).toMatch(
        new RegExp(
          '^scd-parallel: cannot adopt broken: its history does not match the source, ' +
            'nothing was recorded: multiple_current: 3 ',
        ),
      );
      expect(await query(db, "SELECT * FROM duckdb_tables() WHERE table_name LIKE 'scd_parallel%'")).toEqual([]);
      // Adopted once, it is the engine's: adopting again, or rebuilding it, is refused.
      expect((await cli('adopt', '--db', db, '--target', 'snapshots.scd_workforce_state')).code).toBe(0);
      expect(await refused('snapshots.scd_workforce_state')).toEqual([
        ExitCode.badInput,
        'scd-parallel: cannot adopt snapshots.scd_workforce_state: it is already a history of scd-parallel',
      ]);
      const rebuild = await cli(
        'run',
        '--db',
        db,
        '--all',
        '--full-refresh',
        '--target',
        'snapshots.scd_workforce_state',
      );
      expect(rebuild.code).toBe(ExitCode.badInput);
      expect(rebuild.stderr).toMatch(/continues an adopted dbt snapshot \(through period 2026\)/);
    });
  });
});
