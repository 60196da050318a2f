import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateWorkforce, reportHistory, runScd } from '../../../src/index.js';
import { cli, execute, memoryLogger, query, withTempDir } from '../../support/helpers.js';
import { withTwoRuns } from './two-runs.js';

/**
 * Issue 10: the monitoring tables after two runs and the report over both (the HTML page:
 * monitoring/report-page.test.ts).
 */
const TABLES = ['mon_scd_phase_metrics', 'mon_chunk_latency', 'mon_performance_metrics', 'mon_scd_integrity_checks'];

describe('monitoring', () => {
  it('after two runs every mon_* table holds rows of both, for the periods each committed', async () => {
    await withTwoRuns(async (db) => {
      for (const table of TABLES) {
        const runs = await query<{ runs: string }>(db, `SELECT count(DISTINCT run_id) AS runs FROM ${table}`);
        expect(runs, table).toEqual([{ runs: '2' }]);
      }
      expect(await query(db, `SELECT DISTINCT period FROM mon_chunk_latency ORDER BY period`)).toEqual([
        { period: '2025' },
        { period: '2026' },
        { period: '2027' },
      ]);
      expect(
        await query(db, 'SELECT mode, periods, category FROM mon_performance_metrics ORDER BY started_at'),
      ).toEqual([
        { mode: 'incremental', periods: '2', category: 'EXCELLENT' },
        { mode: 'incremental', periods: '1', category: 'EXCELLENT' },
      ]);
      // The second run's SLA of 1 ms was breached, by more than twice.
      expect(await query(db, 'SELECT component, threshold_seconds, severity FROM mon_sla_breaches')).toEqual([
        { component: 'run', threshold_seconds: 0.001, severity: 'HIGH' },
      ]);
      const workers = await query<{ worker: number }>(
        db,
        `SELECT DISTINCT worker FROM mon_chunk_latency WHERE period = 2025`,
      );
      expect(workers.length).toBeGreaterThanOrEqual(1);
      expect(workers.every((w) => Number(w.worker) > 0)).toBe(true);
    });
  });

  it('report prints phase latency, throughput, integrity and SLA compliance over both runs', async () => {
    await withTwoRuns(async (db) => {
      const result = await cli('report', '--db', db);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(
        /^SLA compliance: 1 of the last 2 runs within their SLA = 50\.0% \(target 95%: NOT met\)$/m,
      );
      expect(result.stdout).toMatch(/^integrity: \d+ checks, all passed$/m);
      expect(result.stdout).toMatch(/^period +1 +[\d.]+ +[\d.]+ +[\d.]+ +[\d.]+$/m);
      const report = await reportHistory({ db, runs: 1 });
      expect(report.monitoring?.compliance).toEqual({
        runs: 1,
        withinSla: 0,
        percent: 0,
        targetPercent: 95,
        met: false,
      });
    });
  });

  it("a monitoring table's name on a table not the engine's: refused, untouched; report does without it", async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'sim.duckdb');
      await generateWorkforce({
        db,
        table: 'fct_workforce_snapshot',
        employees: 100,
        startYear: 2025,
        years: 2,
        seed: 9,
      });
      await query(
        db,
        'CREATE TABLE mon_scd_phase_metrics (run_id VARCHAR, year INTEGER, phase VARCHAR, duration_seconds DOUBLE)',
      );
      expect(await cli('run', '--db', db, '--all')).toMatchObject({
        code: 2,
        stderr:
          "scd-parallel: table mon_scd_phase_metrics is not scd-parallel's monitoring table (its " +
          'columns differ); it is left untouched: rename it, or put the history in another schema\n',
      });
      expect((await cli('run', '--db', db, '--all', '--target', 'mon_scd_phase_metrics')).code).toBe(2);
      expect(await query(db, 'SELECT count(*) AS n FROM mon_scd_phase_metrics')).toEqual([{ n: '0' }]);
      expect((await cli('run', '--db', db, '--all', '--target', 'history.scd')).code).toBe(0);
      await execute(db, 'DROP TABLE history.mon_sla_breaches; CREATE TABLE history.mon_sla_breaches (note VARCHAR)');
      const report = await cli('report', '--db', db);
      expect([report.code, report.stdout.split('\n').at(-2)]).toEqual([0, 'no runs recorded in the monitoring tables']);
    });
  });

  it('a breach is a pino warning; --fail-on-sla exits 6 with the history committed', async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'sim.duckdb');
      await generateWorkforce({
        db,
        table: 'fct_workforce_snapshot',
        employees: 100,
        startYear: 2025,
        years: 1,
        seed: 9,
      });
      const { logger, lines } = memoryLogger('warn');
      const report = await runScd({ db, selection: { kind: 'all' }, slaSeconds: 0.001, logger });
      expect(lines).toEqual([
        {
          level: 40,
          time: expect.any(Number),
          pid: process.pid,
          hostname: expect.any(String),
          runId: expect.any(String),
          component: 'run',
          actual_seconds: report.totals.seconds,
          threshold_seconds: 0.001,
          severity: 'HIGH',
          msg: 'sla breached',
        },
      ]);
      expect(
        (await cli('run', '--db', db, '--all', '--full-refresh', '--sla-seconds', '0.001', '--fail-on-sla')).code,
      ).toBe(6);
      expect((await cli('check', '--db', db)).code).toBe(0);
    });
  });
});
