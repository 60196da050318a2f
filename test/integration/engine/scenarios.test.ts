import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkHistory, ExitCode, runScd, ScdError } from '../../../src/index.js';
import { type HistoryRow, query, readHistory, withTempDir, writeSnapshot } from '../../support/helpers.js';
import type { SnapshotRow } from '../../support/reference-model.js';

function row(
  id: string,
  year: number,
  salary: string | null,
  level: string | null,
  dept: string | null,
  status = 'active',
): SnapshotRow {
  return {
    employee_id: id,
    simulation_year: year,
    annual_salary: salary,
    job_level: level,
    department: dept,
    employee_status: status,
    effective_date: `${year}-12-31`,
    note: `${id}@${year}`,
  };
}

type Version = Pick<
  HistoryRow,
  | 'employee_id'
  | 'annual_salary'
  | 'job_level'
  | 'department'
  | 'employee_status'
  | 'dbt_valid_from'
  | 'dbt_valid_to'
  | 'is_current_record'
>;

function version(
  id: string,
  salary: string | null,
  level: string | null,
  dept: string | null,
  from: string,
  to: string | null,
  status = 'active',
): Version {
  return {
    employee_id: id,
    annual_salary: salary,
    job_level: level,
    department: dept,
    employee_status: status,
    dbt_valid_from: from,
    dbt_valid_to: to,
    is_current_record: to === null,
  };
}

async function historyOf(rows: SnapshotRow[], chunks = 4): Promise<Version[]> {
  return withTempDir(async (dir) => {
    const db = join(dir, 'sim.duckdb');
    await writeSnapshot(db, rows);
    await runScd({ db, selection: { kind: 'all' }, chunks, workers: 2 });
    return (await readHistory(db)).map((r) => ({
      employee_id: r.employee_id,
      annual_salary: r.annual_salary,
      job_level: r.job_level,
      department: r.department,
      employee_status: r.employee_status,
      dbt_valid_from: r.dbt_valid_from,
      dbt_valid_to: r.dbt_valid_to,
      is_current_record: r.is_current_record,
    }));
  });
}

describe('scenarios', () => {
  it('new hire, raise, promotion, transfer', async () => {
    expect(
      await historyOf([
        row('A', 2025, '50000.00', 'L1', 'Sales'),
        row('A', 2026, '51500.00', 'L1', 'Sales'),
        row('A', 2027, '57000.00', 'L2', 'Sales'),
        row('A', 2028, '57000.00', 'L2', 'HR'),
        row('B', 2028, '40000.00', 'L1', 'HR'),
      ]),
    ).toEqual([
      version('A', '50000.00', 'L1', 'Sales', '2025-12-31', '2026-12-31'),
      version('A', '51500.00', 'L1', 'Sales', '2026-12-31', '2027-12-31'),
      version('A', '57000.00', 'L2', 'Sales', '2027-12-31', '2028-12-31'),
      version('A', '57000.00', 'L2', 'HR', '2028-12-31', null),
      version('B', '40000.00', 'L1', 'HR', '2028-12-31', null),
    ]);
  });

  it('termination, then absence closes the terminated version', async () => {
    expect(
      await historyOf([
        row('A', 2025, '50000.00', 'L1', 'Sales'),
        row('A', 2026, '50000.00', 'L1', 'Sales', 'terminated'),
        row('B', 2027, '1.00', 'L1', 'HR'),
      ]),
    ).toEqual([
      version('A', '50000.00', 'L1', 'Sales', '2025-12-31', '2026-12-31'),
      version('A', '50000.00', 'L1', 'Sales', '2026-12-31', '2027-12-31', 'terminated'),
      version('B', '1.00', 'L1', 'HR', '2027-12-31', null),
    ]);
  });

  it('rehire after a gap opens a new version even with the same values', async () => {
    expect(
      await historyOf([
        row('A', 2025, '50000.00', 'L1', 'Sales'),
        row('B', 2026, '1.00', 'L1', 'HR'),
        row('A', 2027, '50000.00', 'L1', 'Sales'),
      ]),
    ).toEqual([
      version('A', '50000.00', 'L1', 'Sales', '2025-12-31', '2026-12-31'),
      version('A', '50000.00', 'L1', 'Sales', '2027-12-31', null),
      version('B', '1.00', 'L1', 'HR', '2026-12-31', '2027-12-31'),
    ]);
  });

  it('no change keeps one version, whatever else happens', async () => {
    const rows = [2025, 2026, 2027].map((y) => row('A', y, '50000.00', 'L1', 'Sales'));
    expect(await historyOf(rows)).toEqual([version('A', '50000.00', 'L1', 'Sales', '2025-12-31', null)]);
  });

  it('NULL, empty string and zero are all different values', async () => {
    expect(
      await historyOf([
        row('A', 2025, null, null, 'Sales'),
        row('A', 2026, '0.00', '', 'Sales'),
        row('A', 2027, '0.00', null, 'Sales'),
        row('A', 2028, '0.00', null, 'Sales'),
      ]),
    ).toEqual([
      version('A', null, null, 'Sales', '2025-12-31', '2026-12-31'),
      version('A', '0.00', '', 'Sales', '2026-12-31', '2027-12-31'),
      version('A', '0.00', null, 'Sales', '2027-12-31', null),
    ]);
  });

  it('every employee changing at once', async () => {
    const ids = Array.from({ length: 300 }, (_, i) => `E${String(i).padStart(3, '0')}`);
    const rows = [
      ...ids.map((id) => row(id, 2025, '100.00', 'L1', 'HR')),
      ...ids.map((id) => row(id, 2026, '200.00', 'L1', 'HR')),
    ];
    const history = await historyOf(rows, 7);
    expect(history).toHaveLength(600);
    expect(history.filter((v) => v.is_current_record).every((v) => v.annual_salary === '200.00')).toBe(true);
    expect(history.filter((v) => !v.is_current_record).every((v) => v.dbt_valid_to === '2026-12-31')).toBe(true);
  });

  it('non-contiguous periods: 2020, 2025, 2030', async () => {
    expect(
      await historyOf([
        row('A', 2020, '1.00', 'L1', 'HR'),
        row('A', 2025, '2.00', 'L1', 'HR'),
        row('A', 2030, '2.00', 'L1', 'HR'),
      ]),
    ).toEqual([
      version('A', '1.00', 'L1', 'HR', '2020-12-31', '2025-12-31'),
      version('A', '2.00', 'L1', 'HR', '2025-12-31', null),
    ]);
  });

  it('passes other columns through, as first seen in the version', async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'sim.duckdb');
      await writeSnapshot(db, [row('A', 2025, '1.00', 'L1', 'HR'), row('A', 2026, '1.00', 'L1', 'HR')]);
      await runScd({ db, selection: { kind: 'all' } });
      expect((await readHistory(db)).map((r) => [r.note, r.simulation_year, r.effective_date, r.dbt_scd_id])).toEqual([
        ['A@2025', 2025, '2025-12-31', 'A|2025-12-31'],
      ]);
    });
  });
});

describe('period order', () => {
  const rows = [2025, 2026, 2027].flatMap((y) => [row('A', y, `${y}.00`, 'L1', 'HR'), row('B', y, '1.00', 'L1', 'HR')]);
  const exact = (year: number) => ({ kind: 'range' as const, from: year, to: year, exact: true });

  async function withSource<T>(fn: (db: string) => Promise<T>): Promise<T> {
    return withTempDir(async (dir) => {
      const db = join(dir, 'sim.duckdb');
      await writeSnapshot(db, rows);
      return fn(db);
    });
  }

  async function rejection(promise: Promise<unknown>): Promise<ScdError> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ScdError);
    return error as ScdError;
  }

  it('applying a year a second time writes nothing', async () => {
    await withSource(async (db) => {
      await runScd({ db, selection: exact(2025) });
      const before = await query(db, 'SELECT * FROM scd_workforce_state ORDER BY ALL');
      const report = await runScd({ db, selection: exact(2025) });
      expect(report.periods.map((p) => [p.period, p.status])).toEqual([[2025, 'already-applied']]);
      expect(report.totals.periodsApplied).toBe(0);
      expect(await query(db, 'SELECT * FROM scd_workforce_state ORDER BY ALL')).toEqual(before);
    });
  });

  it('refuses a year earlier than the latest applied, and a skipped year; writes nothing', async () => {
    await withSource(async (db) => {
      await runScd({ db, selection: exact(2025) });
      const skip = await rejection(runScd({ db, selection: exact(2027) }));
      expect(skip.message).toBe('period 2027 would skip source period 2026, not yet applied');
      expect(skip.exitCode).toBe(ExitCode.badInput);
      await runScd({ db, selection: exact(2026) });
      await runScd({ db, selection: exact(2027) });
      const again = await runScd({ db, selection: { kind: 'range', from: 2025, to: 2027, exact: false } });
      expect(again.totals.periodsApplied).toBe(0);
      expect(await query(db, 'SELECT period FROM scd_parallel_periods ORDER BY period')).toEqual([
        { period: '2025' },
        { period: '2026' },
        { period: '2027' },
      ]);
    });
  });

  it('applies a source period before the first applied one by rebuilding from it, in one transaction', async () => {
    await withSource(async (db) => {
      await runScd({ db, selection: { kind: 'all' } });
      await query(
        db,
        `INSERT INTO fct_workforce_snapshot VALUES ('A', 2024, 1, 'L1', 'HR', 'active', DATE '2024-12-31', 'x')`,
      );
      const report = await runScd({ db, selection: { kind: 'all' } });
      expect(report.periods.map((p) => [p.period, p.status])).toEqual([
        [2024, 'applied'],
        [2025, 'replaced'],
        [2026, 'replaced'],
        [2027, 'replaced'],
      ]);
      expect((await checkHistory({ db })).ok).toBe(true);
    });
  });

  it('refuses an explicitly requested year with no rows', async () => {
    await withSource(async (db) => {
      const error = await rejection(runScd({ db, selection: exact(2030) }));
      expect(error.message).toBe('period 2030 not in the source (source periods: 2025, 2026, 2027)');
      expect(
        await query(db, `SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'scd_workforce_state'`),
      ).toEqual([{ n: '0' }]);
    });
  });

  it('reports per period and for the run: counts, time, throughput, chunk latency, SLA', async () => {
    await withSource(async (db) => {
      const report = await runScd({ db, selection: { kind: 'all' }, chunks: 5, workers: 2 });
      expect(
        report.periods.map((p) => [
          p.period,
          p.status,
          p.rowsRead,
          p.newVersions,
          p.changedVersions,
          p.removedVersions,
          p.unchanged,
        ]),
      ).toEqual([
        [2025, 'applied', 2, 2, 0, 0, 0],
        [2026, 'applied', 2, 0, 1, 0, 1],
        [2027, 'applied', 2, 0, 1, 0, 1],
      ]);
      for (const p of report.periods) {
        expect(p.chunkLatency.count).toBe(5);
        expect(p.chunkLatency.p50Micros).toBeGreaterThan(0);
        expect(p.chunkLatency.p99Micros).toBeGreaterThanOrEqual(p.chunkLatency.p50Micros);
        expect(p.chunkLatency.maxMicros).toBeGreaterThanOrEqual(p.chunkLatency.p99Micros);
        expect(p.slaBreached).toBe(false);
      }
      expect(report.totals).toMatchObject({
        rowsRead: 6,
        newVersions: 2,
        changedVersions: 2,
        unchanged: 2,
        periodsApplied: 3,
        slaBreached: false,
      });
      expect(report.totals.chunkLatency.count).toBe(15);
      const breached = await runScd({ db: db, selection: { kind: 'all' }, fullRefresh: true, slaSeconds: 1e-9 });
      expect(breached.totals.slaBreached).toBe(true);
    });
  });
});
