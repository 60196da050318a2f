import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { refreshSlices } from '../src/coordinator/full-refresh.js';
import { DEFAULTS } from '../src/index.js';
import { cli, query, readHistory, snapshotRow, withTempDir, writeSnapshot } from './helpers.js';
import type { HardDeletes, SnapshotRow } from './reference-model.js';

/**
 * A full refresh built in key slices equals one built in one slice and the history applied year
 * by year: versions (tombstones too) and the ledger's statistics. 40 keys over 2025-2030: some
 * leave and come back, some change every year, some never; 2027 has no rows and is applied empty.
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
    `SELECT period, CAST(CAST(effective_date AS DATE) AS VARCHAR) AS effective_date, rows_read, new_versions, changed_versions, removed_versions, fingerprint
     FROM scd_parallel_periods ORDER BY period`,
  );

describe.each<HardDeletes>(['invalidate', 'new_record', 'ignore'])('a full refresh in key slices (%s)', (mode) => {
  it('equals one slice and the year-by-year history, with the period applied empty', async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'sim.duckdb');
      await writeSnapshot(db, rows);
      const read = async () => ({ history: await readHistory(db, 'scd_workforce_state', mode === 'new_record'), ledger: await ledger(db) });
      for (const year of [2025, 2026]) expect((await cli('run', '--db', db, '--year', String(year), '--hard-deletes', mode)).code).toBe(0);
      expect((await cli('run', '--db', db, '--year', '2027', '--allow-empty')).code).toBe(0);
      expect((await cli('run', '--db', db, '--all')).code).toBe(0);
      const incremental = await read();
      expect(incremental.ledger.map((l) => l.period)).toEqual(['2025', '2026', '2027', '2028', '2029', '2030']);
      for (const slices of ['1', '3', '16']) {
        expect((await cli('run', '--db', db, '--full-refresh', '--slices', slices)).code, `${slices} slices`).toBe(0);
        expect(await read(), `${slices} slices`).toEqual(incremental);
      }
      expect((await cli('check', '--db', db)).code).toBe(0);
    });
  });
});

describe('refreshSlices', () => {
  const { bytesPerValue, passValues, memoryShare } = DEFAULTS.fullRefresh;
  it('is one while the window pass fits its share of the memory, then grows with the rows and columns', () => {
    const fits = Math.floor((2e9 * memoryShare) / ((8 + passValues) * bytesPerValue));
    const slices = (rows: number, columns: number, bytes: number) => refreshSlices(rows, columns, bytes);
    expect([slices(0, 8, 2e9), slices(fits, 8, 2e9), slices(fits + 1, 8, 2e9), slices(10 * fits, 8, 2e9), slices(10 * fits, 8, 4e9), slices(fits, 24, 2e9)]).toEqual([1, 1, 2, 10, 5, 2]);
  });
});
