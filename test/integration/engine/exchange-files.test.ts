import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { exec } from '../../../src/db/database.js';
import { partitionFiles } from '../../../src/engine/temp-files.js';
import { generateWorkforce } from '../../../src/index.js';
import { DEFAULT_TABLE_CONFIG } from '../../../src/options/table-config.js';
import { type Fragment, HistorySpec, ident, parquetFiles, sql } from '../../../src/sql/index.js';
import { computeChangeSet } from '../../../src/workers/change-set.js';
import { withConnection, withTempDir } from '../../support/helpers.js';

// The exchange's temporary Parquet is written plain and uncompressed (src/sql/statements/exchange.ts); files readers
// keep are not.

/** (k0, h) pairs: keys e000000.. from `from` to `to`, their hashes salted by `salt` (a new salt: a changed row). */
const PAIRS = (from: number, to: number, salt: number) =>
  `SELECT 'e' || lpad(i::VARCHAR, 6, '0') AS k0, hash(i, ${salt}) AS h FROM range(${from}, ${to}) t(i)`;

/** The pairs of `select` as a temporary table `name`, to be read as a relation. */
async function pairsTable(c: DuckDBConnection, name: string, select: string): Promise<Fragment> {
  await c.run(`CREATE TEMP TABLE ${name} AS ${select}`);
  return ident(name);
}

/** Each column's compression and encodings over `files`. */
const layout = (c: DuckDBConnection, files: readonly string[]) =>
  c
    .runAndReadAll(
      `SELECT DISTINCT path_in_schema AS column, compression, encodings FROM ` +
        `parquet_metadata([${files.map((f) => `'${f}'`).join(', ')}]) ORDER BY ALL`,
    )
    .then((r) => r.getRowObjectsJson());

const plain = (...columns: string[]) =>
  columns.map((column) => ({ column, compression: 'UNCOMPRESSED', encodings: 'PLAIN' }));

describe('exchange files', () => {
  it('writes the export for the workers plain and uncompressed, in one file and by chunk', async () => {
    await withTempDir(async (dir) => {
      const spec = new HistorySpec(DEFAULT_TABLE_CONFIG);
      await withConnection(':memory:', async (c) => {
        const pairs = await pairsTable(c, 'pairs', PAIRS(0, 5000, 1));
        await exec(c, sql.copyToExchange(pairs, join(dir, 'one.parquet')));
        expect(await layout(c, [join(dir, 'one.parquet')])).toEqual(plain('h', 'k0'));
        await exec(c, sql.exportChunks(spec, pairs, 4, join(dir, 'chunks')));
        const files = [...partitionFiles(join(dir, 'chunks')).values()].flat();
        expect(files).toHaveLength(4);
        expect(await layout(c, files)).toEqual(plain('h', 'k0'));
      });
    });
  });

  it("writes a worker's change set plain and uncompressed, and counts it", async () => {
    await withTempDir(async (dir) => {
      await withConnection(':memory:', async (c) => {
        const [snapshot, current, changes] = ['s', 'c', 'changes'].map((f) => join(dir, `${f}.parquet`)) as [
          string,
          string,
          string,
        ];
        await exec(
          c,
          sql.copyToExchange(
            await pairsTable(c, 'snapshot', `${PAIRS(0, 3000, 1)} UNION ALL ${PAIRS(3000, 5000, 2)}`),
            snapshot,
          ),
        );
        await exec(
          c,
          sql.copyToExchange(
            await pairsTable(c, 'current', `${PAIRS(1000, 3000, 1)} UNION ALL ${PAIRS(3000, 6000, 1)}`),
            current,
          ),
        );
        const counts = await computeChangeSet(c, 1, parquetFiles([snapshot]), parquetFiles([current]), {
          file: changes,
        });
        expect(counts).toEqual({
          rowsRead: 5000,
          newVersions: 1000,
          changedVersions: 2000,
          removedVersions: 1000,
          unchanged: 2000,
          changeRows: 6000,
        });
        expect(await layout(c, [changes])).toEqual(plain('action', 'k0'));
      });
    });
  });

  it('writes a generated workforce for readers compressed with zstd', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'workforce.parquet');
      await generateWorkforce({
        parquetPath: file,
        table: 'fct_workforce_snapshot',
        employees: 200,
        startYear: 2025,
        years: 2,
        seed: 3,
      });
      await withConnection(':memory:', async (c) => {
        const compressions = (await layout(c, [file])).map((r) => r.compression);
        expect(new Set(compressions)).toEqual(new Set(['ZSTD']));
      });
    });
  });
});
