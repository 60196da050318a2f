import { DECIMAL, type DuckDBType, INTEGER, VARCHAR } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../../src/defaults.js';
import { HistorySpec, type TableConfig } from '../../../src/sql/index.js';

const config = (settings: Partial<TableConfig> = {}): TableConfig => ({ ...DEFAULTS.table, ...settings });
const types = new Map<string, DuckDBType>([
  ['employee_id', VARCHAR],
  ['scenario_id', INTEGER],
  ['annual_salary', DECIMAL(12, 2)],
  ['job_level', VARCHAR],
  ['department', VARCHAR],
  ['employee_status', VARCHAR],
]);
const source = [...types].map(([name, type]) => ({ name, type: type.toString() }));
const sqlOf = (spec: HistorySpec, name: string) => spec.fragments[name]?.sql;

describe('a history spec builds its fragments from its settings', () => {
  it("names dbt's columns, or the ones snapshot_meta_column_names gives", () => {
    const plain = new HistorySpec(config());
    expect([sqlOf(plain, 'valid_from'), sqlOf(plain, 'valid_to'), sqlOf(plain, 'scd_id')]).toEqual([
      '"dbt_valid_from"',
      '"dbt_valid_to"',
      '"dbt_scd_id"',
    ]);
    const renamed = new HistorySpec(config({ metaColumnNames: { dbt_valid_from: 'from', dbt_valid_to: 'to' } }));
    expect([sqlOf(renamed, 'valid_from'), sqlOf(renamed, 'valid_to'), sqlOf(renamed, 'scd_id')]).toEqual([
      '"from"',
      '"to"',
      '"dbt_scd_id"',
    ]);
    expect(sqlOf(renamed, 't_is_open')).toBe('t."to" IS NULL');
  });

  it('marks an open version with NULL, or with dbt_valid_to_current in the validity type', () => {
    expect(sqlOf(new HistorySpec(config()), 'open_to')).toBe('CAST(NULL AS DATE)');
    const sentinel = new HistorySpec(config({ validityType: 'timestamp', validToCurrent: '9999-12-31' }));
    expect(sqlOf(sentinel, 'open_to')).toBe("CAST('9999-12-31' AS TIMESTAMP)");
    expect(sqlOf(sentinel, 'is_open')).toBe(`"dbt_valid_to" IS NOT DISTINCT FROM CAST('9999-12-31' AS TIMESTAMP)`);
  });

  it('takes the effective date from a column, or from the period as a year', () => {
    expect(sqlOf(new HistorySpec(config()), 'effective_date')).toBe('"effective_date"');
    expect(sqlOf(new HistorySpec(config({ effectiveDateRule: 'year-end' })), 'effective_date')).toBe(
      'make_date(CAST("simulation_year" AS INTEGER), 12, 31)',
    );
    expect(sqlOf(new HistorySpec(config({ effectiveDateRule: 'year-start' })), 'effective_date')).toBe(
      'make_date(CAST("simulation_year" AS INTEGER), 1, 1)',
    );
  });

  it('differs by hard-delete mode where the mode matters', () => {
    const [invalidate, newRecord, ignore] = (['invalidate', 'new_record', 'ignore'] as const).map(
      (hardDeletes) => new HistorySpec(config({ hardDeletes })),
    );
    if (invalidate === undefined || newRecord === undefined || ignore === undefined) throw new Error('three modes');
    expect([
      sqlOf(invalidate, 'close_actions'),
      sqlOf(newRecord, 'close_actions'),
      sqlOf(ignore, 'close_actions'),
    ]).toEqual(["'C', 'R'", "'C', 'R'", "'C'"]);
    expect([sqlOf(invalidate, 'not_deleted'), sqlOf(newRecord, 'not_deleted'), sqlOf(ignore, 'not_deleted')]).toEqual([
      'true',
      'NOT "dbt_is_deleted"',
      'true',
    ]);
    expect(sqlOf(invalidate, 'current_duplicates')).toBe('NULL');
    expect(sqlOf(newRecord, 'current_duplicates')).toBe(
      '(SELECT count(*) - count(DISTINCT "employee_id") FROM "scd_workforce_state" WHERE ("is_current_record" = true))',
    );
    expect([sqlOf(invalidate, 'snapshot_only'), sqlOf(newRecord, 'snapshot_only')]).toEqual(['', '']);
    expect(sqlOf(ignore, 'snapshot_only')).toBe(
      'AND EXISTS (SELECT 1 FROM "fct_workforce_snapshot" __scd_s WHERE ' +
        '__scd_s."simulation_year" = $period AND __scd_s."employee_id" = t."employee_id")',
    );
    expect(sqlOf(ignore, 'drift_ghosts')).toBe('AND (s.h IS NOT NULL OR c.__scd_from = CAST($effective_date AS DATE))');
  });

  it('joins a composite key column by column, never as one string', () => {
    const spec = new HistorySpec(config({ keyColumns: ['scenario_id', 'employee_id'] }));
    expect(sqlOf(spec, 'target_matches_change')).toBe('t."scenario_id" = c.k0 AND t."employee_id" = c.k1');
    expect(sqlOf(spec, 'key_tuple')).toBe('("scenario_id", "employee_id")');
    expect(sqlOf(spec, 'exchange_hash')).toBe('hash(k0, k1)');
  });

  it('hashes values only once their types are known', () => {
    const untyped = new HistorySpec(config());
    expect(untyped.fragments.hash).toBeUndefined();
    expect(untyped.fragments.version_hash).toBeUndefined();
    expect(() => untyped.schema.definitions(source)).toThrow(
      "record_hash needs the tracked columns' types: type the spec first",
    );
    const typed = untyped.typed(types);
    expect(typed.fragments.hash?.sql).toMatch(/^hash\(/);
    expect(typed.fragments.row_hash?.sql).toMatch(/^hash\("employee_id", hash\(/);
    expect(typed.fragments.version_hash).toBeDefined();
  });

  it('defines a new history: the source columns, then the SCD columns, the generated ones VIRTUAL', () => {
    const definitions = new HistorySpec(config({ hardDeletes: 'new_record' }))
      .typed(types)
      .schema.definitions(source)
      .sql.split(',\n  ');
    expect(definitions.map((d) => d.replace(/ GENERATED ALWAYS AS \(.*\) VIRTUAL$/, ' GENERATED'))).toEqual([
      '"employee_id" VARCHAR USING COMPRESSION fsst',
      '"scenario_id" INTEGER',
      '"annual_salary" DECIMAL(12,2)',
      '"job_level" VARCHAR',
      '"department" VARCHAR',
      '"employee_status" VARCHAR',
      '"record_hash" UBIGINT GENERATED',
      '"dbt_scd_id" VARCHAR GENERATED',
      '"dbt_valid_from" DATE',
      '"dbt_valid_to" DATE',
      '"dbt_updated_at" TIMESTAMP',
      '"is_current_record" BOOLEAN',
      '"dbt_is_deleted" BOOLEAN NOT NULL DEFAULT false',
    ]);
    // A composite key's columns repeat: their compression is left to DuckDB.
    const composite = new HistorySpec(config({ keyColumns: ['scenario_id', 'employee_id'] }))
      .typed(types)
      .schema.definitions(source).sql;
    expect(composite).not.toContain('fsst');
  });

  it("keeps an adopted dbt snapshot's stored columns: a stored md5 id, no record_hash, maybe no current flag", () => {
    const adopted = {
      throughPeriod: 2024,
      isCurrent: false,
      updatedType: 'TIMESTAMP WITH TIME ZONE',
      deletedAsText: true,
    } as const;
    const spec = new HistorySpec(config({ hardDeletes: 'new_record', validityType: 'timestamptz', adopted }));
    expect(spec.schema.columns.map((c) => `${c.name} ${c.type}${c.generated ? ' generated' : ''}`)).toEqual([
      'dbt_scd_id VARCHAR',
      'dbt_valid_from TIMESTAMP WITH TIME ZONE',
      'dbt_valid_to TIMESTAMP WITH TIME ZONE',
      'dbt_updated_at TIMESTAMP WITH TIME ZONE',
      'dbt_is_deleted VARCHAR',
    ]);
    expect(sqlOf(spec, 'current')).toBe('("dbt_valid_to" IS NULL)');
    expect(sqlOf(spec, 'flag_mismatch')).toBe('false');
    expect(sqlOf(spec, 'deleted')).toBe(`coalesce(lower("dbt_is_deleted") = 'true', false)`);
    expect(sqlOf(spec, 'deleted_value')).toBe("'True'");
    expect(sqlOf(spec, 'new_scd_id')).toBe(
      `, md5(CAST("employee_id" AS VARCHAR) || '|' || CAST(CAST($effective_date ` +
        `AS TIMESTAMP WITH TIME ZONE) AS VARCHAR)) AS "dbt_scd_id"`,
    );
    expect(sqlOf(new HistorySpec(config()), 'new_scd_id')).toBe('');
  });

  it('moves to another table and other settings, keeping its types', () => {
    const spec = new HistorySpec(config(), { catalog: 'sim' }).typed(types);
    const moved = spec.in(spec.target.within('sim'));
    expect(moved.target.sameAs(spec.target)).toBe(true);
    expect(spec.withConfig(config({ targetTable: 'snapshots.h' })).fragments.target?.sql).toBe('"snapshots"."h"');
    expect(spec.withConfig(config({ hardDeletes: 'ignore' })).types).toBe(types);
  });
});
