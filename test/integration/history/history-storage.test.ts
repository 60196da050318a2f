import { join } from 'node:path';
import { VARCHAR } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { generateWorkforce, runScd } from '../../../src/index.js';
import { DEFAULT_TABLE_CONFIG } from '../../../src/options/table-config.js';
import { HistorySpec } from '../../../src/sql/index.js';
import { query, withTempDir } from '../../support/helpers.js';

/** How a new history stores its columns: a one-column text key is forced to FSST (history-schema.ts). */
const SOURCE = [
  { name: 'employee_id', type: 'VARCHAR' },
  { name: 'simulation_year', type: 'INTEGER' },
  { name: 'department', type: 'VARCHAR' },
];

// The key and tracked columns' types decide only how record_hash hashes them: text hashes as it is.
const typed = (config: Partial<typeof DEFAULT_TABLE_CONFIG>) => {
  const spec = new HistorySpec({ ...DEFAULT_TABLE_CONFIG, ...config });
  return spec.typed(new Map([...spec.config.keyColumns, ...spec.config.trackedColumns].map((c) => [c, VARCHAR])));
};

const forced = (config: Partial<typeof DEFAULT_TABLE_CONFIG>, source = SOURCE) =>
  typed(config)
    .schema.definitions(source)
    .sql.split(',\n')
    .filter((d) => d.includes('USING COMPRESSION'))
    .map((d) => d.trim());

describe('history storage', () => {
  it('declares a one-column text key USING COMPRESSION fsst, and nothing else', () => {
    expect(forced({})).toEqual(['"employee_id" VARCHAR USING COMPRESSION fsst']);
    expect(forced({ keyColumns: ['Employee_ID'] })).toEqual(['"employee_id" VARCHAR USING COMPRESSION fsst']);
  });

  it('leaves a composite key and a key that is not text to DuckDB', () => {
    expect(forced({ keyColumns: ['department', 'employee_id'] })).toEqual([]);
    expect(
      forced({ keyColumns: ['employee_id'] }, [{ name: 'employee_id', type: 'BIGINT' }, ...SOURCE.slice(1)]),
    ).toEqual([]);
  });

  it('stores the key as FSST where DuckDB would pick a dictionary: 400 keys, 4 times each in a row group', async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'w.duckdb');
      await generateWorkforce({
        db,
        table: 'fct_workforce_snapshot',
        employees: 400,
        startYear: 2025,
        years: 4,
        seed: 11,
      });
      await runScd({ db, selection: { kind: 'all' }, inline: true });
      const compression = (table: string) =>
        query<{ compression: string }>(
          db,
          `SELECT DISTINCT compression FROM pragma_storage_info('${table}') ` +
            `WHERE column_name = 'employee_id' AND segment_type = 'VARCHAR'`,
        );
      expect(await compression('scd_workforce_state')).toEqual([{ compression: 'FSST' }]);
      // The same strings in the source, left to DuckDB: what the history would have been.
      expect(await compression('fct_workforce_snapshot')).toEqual([{ compression: 'Dictionary' }]);
    });
  });
});
