import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode, runScd } from '../../../src/index.js';
import {
  cli,
  execute,
  historyFingerprint,
  query,
  readHistory,
  snapshotRow,
  withTempDir,
  writeSnapshot,
} from '../../support/helpers.js';
import type { HardDeletes, SnapshotRow } from '../../support/reference-model.js';

/**
 * A full refresh, whichever way its change sets are computed, equals the history applied year by
 * year: versions (tombstones too) and the ledger's statistics. 40 keys over 2025-2030: some leave
 * and come back, some change every year, some never; 2027 has no rows and is applied empty.
 */
const YEARS = [2025, 2026, 2028, 2029, 2030];
const rows: SnapshotRow[] = YEARS.flatMap((year) =>
  Array.from({ length: 40 }, (_, k) => ({ k, id: `E${String(k).padStart(2, '0')}` }))
    // Key k is absent in the years where (k + year) % 5 = 0 (gaps, returns), and k >= 35 joins in 2028.
    .filter(({ k }) => (k + year) % 5 !== 0 && (k < 35 || year >= 2028))
    // A third change salary every year, a third every other year, a third never.
    .map(({ k, id }) => snapshotRow(id, year, `${k % 3 === 0 ? year : k % 3 === 1 ? year - (year % 2) : 1}.00`)),
);

const ledger = (db: string) =>
  query(
    db,
    `SELECT period, CAST(CAST(effective_date AS DATE) AS VARCHAR) AS effective_date, ` +
      `rows_read, new_versions, changed_versions, removed_versions, fingerprint
     FROM scd_parallel_periods ORDER BY period`,
  );

describe.each<HardDeletes>(['invalidate', 'new_record', 'ignore'])('a full refresh (%s)', (mode) => {
  it('equals the year-by-year history, with the period applied empty, with workers or inline', async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'sim.duckdb');
      await writeSnapshot(db, rows);
      const read = async () => ({
        history: await readHistory(db, 'scd_workforce_state', mode === 'new_record'),
        ledger: await ledger(db),
      });
      for (const year of [2025, 2026])
        expect((await cli('run', '--db', db, '--year', String(year), '--hard-deletes', mode)).code).toBe(0);
      expect((await cli('run', '--db', db, '--year', '2027', '--allow-empty')).code).toBe(0);
      expect((await cli('run', '--db', db, '--all')).code).toBe(0);
      const incremental = await read();
      expect(incremental.ledger.map((l) => l.period)).toEqual(['2025', '2026', '2027', '2028', '2029', '2030']);
      for (const how of [['--chunks', '3', '--workers', '2'], ['--chunks', '1', '--workers', '1'], ['--inline']]) {
        expect((await cli('run', '--db', db, '--full-refresh', ...how)).code, how.join(' ')).toBe(0);
        expect(await read(), how.join(' ')).toEqual(incremental);
      }
      expect((await cli('check', '--db', db)).code).toBe(0);
    });
  });
});

const REBUILD = 'scd_workforce_state__scd_rebuild';
const relations = (db: string) =>
  query(
    db,
    "SELECT table_name AS name, comment FROM duckdb_tables() WHERE table_name LIKE 'scd_workforce_state%' ORDER BY 1",
  );

describe('a full refresh builds beside the history and swaps it in', () => {
  it('records its periods with their times and its monitoring rows for the history; nothing beside it', async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'sim.duckdb');
      await writeSnapshot(db, rows);
      expect((await cli('run', '--db', db, '--all')).code).toBe(0);
      const report = await runScd({ db, selection: { kind: 'all' }, fullRefresh: true, chunks: 2, workers: 2 });
      expect(report.periods.map((p) => [p.period, p.status, p.seconds > 0, p.phases !== null])).toEqual(
        YEARS.map((y) => [y, 'rebuilt', true, true]),
      );
      // Only the history, carrying the mark the swap wrote on it (the rebuild's is gone).
      const mark = expect.stringMatching(/^scd-parallel history "main"\."scd_workforce_state" [0-9a-f-]{36}$/);
      expect(await relations(db)).toEqual([{ name: 'scd_workforce_state', comment: mark }]);
      const target = '"main"."scd_workforce_state"';
      expect(await query(db, `SELECT DISTINCT target_table, run_id FROM scd_parallel_periods`)).toEqual([
        { target_table: target, run_id: report.runId },
      ]);
      const monitored = await query(
        db,
        `SELECT DISTINCT target_table FROM mon_scd_phase_metrics WHERE run_id = '${report.runId}'
        UNION ALL SELECT DISTINCT target_table FROM mon_chunk_latency WHERE run_id = '${report.runId}'
        UNION ALL SELECT DISTINCT target_table FROM mon_scd_integrity_checks WHERE run_id = '${report.runId}'`,
      );
      expect(monitored).toEqual([{ target_table: target }, { target_table: target }, { target_table: target }]);
      expect(await query(db, 'SELECT count(*) AS n FROM scd_workforce_state_as_of(2030)')).toEqual([
        { n: String(rows.filter((r) => r.simulation_year === 2030).length) },
      ]);
    });
  });

  it('that fails leaves the history as it was and drops its rebuild', async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'sim.duckdb');
      await writeSnapshot(db, rows);
      expect((await cli('run', '--db', db, '--all')).code).toBe(0);
      const before = await historyFingerprint(db);
      const ledgerBefore = await ledger(db);
      const relationsBefore = await relations(db);
      process.env.SCD_PARALLEL_FAULT = 'worker-throw:2029:0:99';
      try {
        expect((await cli('run', '--db', db, '--full-refresh', '--chunks', '1', '--retries', '0')).code).toBe(
          ExitCode.workerFailed,
        );
      } finally {
        delete process.env.SCD_PARALLEL_FAULT;
      }
      const after = [await historyFingerprint(db), await ledger(db), await relations(db)];
      expect(after).toEqual([before, ledgerBefore, relationsBefore]);
      // Periods 2025-2028 were applied to the rebuild, with their monitoring rows: gone with it.
      const rebuildRows = await query(
        db,
        `SELECT (SELECT count(*) FROM mon_scd_phase_metrics WHERE target_table LIKE '%${REBUILD}%') AS phases,
        (SELECT count(*) FROM scd_parallel_periods WHERE target_table LIKE '%${REBUILD}%') AS periods`,
      );
      expect(rebuildRows).toEqual([{ phases: '0', periods: '0' }]);
    });
  });

  it("refuses when a user's table has the rebuild's name, leaving it untouched; other runs ignore it", async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'sim.duckdb');
      await writeSnapshot(db, rows);
      expect((await cli('run', '--db', db, '--year', '2025')).code).toBe(0);
      await execute(db, `CREATE TABLE ${REBUILD} AS SELECT 42 AS answer`);
      const before = await historyFingerprint(db);
      expect(await cli('run', '--db', db, '--full-refresh')).toEqual({
        code: ExitCode.badInput,
        stdout: '',
        stderr:
          `scd-parallel: a full refresh builds the history in ${REBUILD}, but a table of ` +
          `that name was not created by scd-parallel; it is left untouched: rename it\n`,
      });
      expect(await historyFingerprint(db)).toBe(before);
      expect((await cli('run', '--db', db, '--all')).code).toBe(0);
      expect(await query(db, `SELECT answer FROM ${REBUILD}`)).toEqual([{ answer: 42 }]);
    });
  });
});
