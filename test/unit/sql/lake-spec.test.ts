import { resolve } from 'node:path';
import { type DuckDBType, VARCHAR } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../../src/defaults.js';
import { HistorySpec, LakeCatalog, parseSource, sql } from '../../../src/sql/index.js';

describe('a lake catalog as --lake names it', () => {
  it.each([
    ['sqlite:cat.sqlite', 'sqlite', resolve('cat.sqlite'), `'ducklake:sqlite:${resolve('cat.sqlite')}'`],
    ['ducklake:sqlite:/a/b.sqlite', 'sqlite', '/a/b.sqlite', "'ducklake:sqlite:/a/b.sqlite'"],
    [
      'postgres:dbname=lake host=db.example.com',
      'postgres',
      'dbname=lake host=db.example.com',
      "'ducklake:postgres:dbname=lake host=db.example.com'",
    ],
    ['lake.ducklake', 'duckdb', resolve('lake.ducklake'), `'ducklake:${resolve('lake.ducklake')}'`],
    ["it's.ducklake", 'duckdb', resolve("it's.ducklake"), `'ducklake:${resolve("it''s.ducklake")}'`],
  ])('%s: a %s catalog at %s', (text, kind, location, target) => {
    const catalog = LakeCatalog.parse(text);
    expect([catalog.kind, catalog.location, catalog.attachTarget.sql]).toEqual([kind, location, target]);
  });

  it('attaches with the options given, and none without', () => {
    const catalog = LakeCatalog.parse('sqlite:/l/c.sqlite');
    expect(sql.lakeAttach(catalog, {}).text).toContain('ATTACH \'ducklake:sqlite:/l/c.sqlite\' AS "scd_lake" \n');
    const all = sql.lakeAttach(catalog, { dataPath: 's3://bucket/lake', readOnly: true, snapshot: 7 }).text;
    expect(all).toContain(`AS "scd_lake" (DATA_PATH 's3://bucket/lake', READ_ONLY, SNAPSHOT_VERSION 7)`);
    expect(sql.lakeAttach(catalog, { dataPath: 'data' }).text).toContain(`(DATA_PATH '${resolve('data')}')`);
    expect(() => sql.lakeAttach(catalog, { snapshot: -1 })).toThrow('bad snapshot -1');
  });
});

describe('a history in a lake', () => {
  const home = { catalog: 'scd_lake', sourceCatalog: 'scd_source', lake: true };

  it('reads a table source named without a catalog from the attached --db, and records it as named', () => {
    const source = parseSource('fct_workforce_snapshot', home);
    if (source.kind !== 'table') throw new Error('a table');
    expect([source.sql.sql, source.name, source.text]).toEqual([
      '"scd_source"."main"."fct_workforce_snapshot"',
      'fct_workforce_snapshot',
      'fct_workforce_snapshot',
    ]);
    const other = parseSource('other.db.fct', home);
    expect(other.sql.sql).toBe('"other"."db"."fct"');
  });

  it('stores record_hash and dbt_scd_id, which a lake cannot compute, and compresses nothing itself', () => {
    const columns = [...DEFAULTS.table.keyColumns, ...DEFAULTS.table.trackedColumns];
    const types = new Map<string, DuckDBType>(columns.map((c) => [c, VARCHAR]));
    const inLake = new HistorySpec(DEFAULTS.table, home).typed(types);
    const inFile = new HistorySpec(DEFAULTS.table).typed(types);
    const source = [{ name: 'employee_id', type: 'VARCHAR' }];
    expect(inLake.inLake).toBe(true);
    expect(inLake.schema.definitions(source).sql).not.toMatch(/GENERATED|COMPRESSION/);
    expect(inFile.schema.definitions(source).sql).toMatch(/USING COMPRESSION fsst[\s\S]*GENERATED[\s\S]*GENERATED/);
    const lakeFragments = inLake.schema.fragments();
    expect(lakeFragments.new_record_hash?.sql).toMatch(/^, .* AS "record_hash"$/);
    expect(lakeFragments.new_scd_id?.sql).toMatch(
      /^, .* \|\| '\|' \|\| CAST\(CAST\(\$effective_date AS DATE\) AS VARCHAR\) AS "dbt_scd_id"$/,
    );
    expect([inFile.schema.fragments().new_record_hash?.sql, inFile.schema.fragments().new_scd_id?.sql]).toEqual([
      '',
      '',
    ]);
  });
});
