import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { one } from '../../../src/db/database.js';
import { ExitCode, runScd, ScdError } from '../../../src/index.js';
import { DEFAULT_TABLE_CONFIG } from '../../../src/options/table-config.js';
import { HistorySpec, sql } from '../../../src/sql/index.js';
import { execute, query, SNAPSHOT_DDL, withConnection, withTempDir } from '../../support/helpers.js';

// A one-column key is counted by sorting before anything is grouped (validate-keys.ts): repeats
// far apart in storage must still meet, and keys that only look alike must not.

/** Rows of `period` with the keys `ids` (SQL expressions), in this order of storage. */
const insert = (period: number, ids: readonly string[]) =>
  `INSERT INTO fct_workforce_snapshot SELECT unnest([${ids.join(', ')}]), ${period}, ` +
  `1, 'L1', 'HR', 'active', DATE '${period}-12-31', '';`;

const many = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `'e${from + i}'`);
const LOOK_ALIKE = [`'a'`, `'A'`, `'a '`, `''`, `' a'`];

/**
 * 2025: x first and last of 3,000 rows, y three times spread out, two NULL keys, look-alikes. 2026: look-alikes only.
 */
const SOURCE = [
  `${SNAPSHOT_DDL};`,
  insert(2025, [
    `'x'`,
    ...many(0, 1000),
    `'y'`,
    'NULL',
    ...many(1000, 2000),
    `'y'`,
    ...LOOK_ALIKE,
    ...many(2000, 2990),
    'NULL',
    `'y'`,
    `'x'`,
  ]),
  insert(2026, [...LOOK_ALIKE, ...many(0, 3000)]),
].join('\n');

describe('key validation', () => {
  it('counts NULL keys and every repeat beyond the first, wherever they are stored', async () => {
    const spec = new HistorySpec(DEFAULT_TABLE_CONFIG);
    await withConnection(':memory:', async (c) => {
      await c.run(SOURCE);
      const count = (period: number) => one<Record<string, bigint>>(c, sql.validateKeysSorted(spec), { period });
      expect(await count(2025)).toEqual({ null_rows: 2n, repeated_rows: 3n });
      expect(await count(2026)).toEqual({ null_rows: 0n, repeated_rows: 0n });
    });
  });

  it('names the repeated keys of a period and writes nothing; look-alike keys pass', async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'sim.duckdb');
      await execute(db, SOURCE.replaceAll('NULL', `'z'`));
      const error = await runScd({ db, selection: { kind: 'all' }, chunks: 2, workers: 2 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ScdError);
      expect([(error as ScdError).exitCode, (error as ScdError).message]).toEqual([
        ExitCode.badInput,
        'employee_id repeats within a period: x (2x in 2025), y (3x in 2025), z (2x in 2025)',
      ]);
      expect(await query(db, 'SELECT table_name FROM duckdb_tables()')).toEqual([
        { table_name: 'fct_workforce_snapshot' },
      ]);
      await execute(db, `DELETE FROM fct_workforce_snapshot WHERE simulation_year = 2025`);
      const report = await runScd({ db, selection: { kind: 'all' }, chunks: 2, workers: 2 });
      expect(report.periods.map((p) => [p.period, p.rowsRead])).toEqual([[2026, 3005]]);
    });
  });
});
