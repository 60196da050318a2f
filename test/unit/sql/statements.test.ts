import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DECIMAL, type DuckDBType, VARCHAR } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../../src/defaults.js';
import { SQL_DIR } from '../../../src/paths.js';
import {
  type CheckTemplate,
  exchangeRelation,
  HistorySpec,
  parquetFiles,
  sql,
  subquery,
  type TableConfig,
  TableName,
  type TemplateName,
} from '../../../src/sql/index.js';
import { type Fragments, fragment, statement } from '../../../src/sql/template.js';

const types = new Map<string, DuckDBType>([
  ['employee_id', VARCHAR],
  ['scenario_id', VARCHAR],
  ['annual_salary', DECIMAL(12, 2)],
  ['job_level', VARCHAR],
  ['department', VARCHAR],
  ['employee_status', VARCHAR],
]);
const spec = (settings: Partial<TableConfig> = {}) => new HistorySpec({ ...DEFAULTS.table, ...settings }).typed(types);
const changes = fragment('__changes');
/** A one-line template's text, without the file's final newline. */
const line = (made: { readonly text: string }) => made.text.trimEnd();
const render = (name: TemplateName, fragments?: Fragments) => statement(name, fragments);

describe('templates', () => {
  it('take one fragment per placeholder', () => {
    expect(line(render('catalog/table_drop', { table: fragment('"t"') }))).toBe('DROP TABLE IF EXISTS "t"');
    expect(line(render('catalog/relation_head', { relation: fragment('x'), limit: fragment('3') }))).toBe(
      'SELECT * FROM x __scd_r ORDER BY ALL LIMIT 3',
    );
  });

  it('refuse a placeholder without its fragment, and a template that does not exist', () => {
    expect(() => render('catalog/table_drop')).toThrow('sql template catalog/table_drop: no fragment for {{table}}');
    expect(() => render('no_such_template' as TemplateName)).toThrow(/ENOENT/);
  });
});

describe('statements', () => {
  it('splice only quoted names and validated integers', () => {
    expect(line(sql.tableDrop('we"ird'))).toBe('DROP TABLE IF EXISTS "we""ird"');
    expect(line(sql.tableDrop(TableName.parse('s.t')))).toBe('DROP TABLE IF EXISTS "s"."t"');
    expect(line(sql.relationHead(fragment('x'), 5))).toBe('SELECT * FROM x __scd_r ORDER BY ALL LIMIT 5');
    expect(() => sql.relationHead(fragment('x'), -1)).toThrow('bad row count -1');
    expect(() => sql.relationHead(fragment('x'), 1.5)).toThrow('bad row count 1.5');
    expect(() => sql.exportChunks(spec(), parquetFiles(['/h.parquet']), 0, '/tmp/x')).toThrow('bad chunk count 0');
    expect(line(sql.copyToFile(fragment('(SELECT 1)'), "/tmp/it's.csv", 'csv'))).toBe(
      "COPY (SELECT 1) TO '/tmp/it''s.csv' (FORMAT csv, HEADER true)",
    );
  });

  it('read exchange files as one relation, or an empty relation of the key types when there are none', () => {
    expect(parquetFiles(['/a.parquet', "/b'.parquet"]).sql.trimEnd()).toBe(
      "read_parquet(['/a.parquet', '/b''.parquet'])",
    );
    expect(exchangeRelation([], ['VARCHAR', 'INTEGER']).sql.trimEnd()).toBe(
      '(SELECT CAST(NULL AS VARCHAR) AS k0, CAST(NULL AS INTEGER) AS k1, CAST(NULL AS UBIGINT) AS h WHERE false)',
    );
    expect(exchangeRelation(['/a.parquet'], ['VARCHAR']).sql.trimEnd()).toBe("read_parquet(['/a.parquet'])");
    expect(subquery(render('catalog/relation_head', { relation: fragment('x'), limit: fragment('3') })).sql).toMatch(
      /^\(SELECT \* FROM x .*\)$/s,
    );
  });

  it('name the keys of the side the apply goes through: IN the changed ones, NOT IN the unchanged', () => {
    const through = (side: 'changed' | 'unchanged') => sql.closeVersions(spec(), changes, side).text;
    expect(through('changed')).toContain(`"employee_id" IN (SELECT k0 FROM __changes WHERE action IN ('C', 'R'))`);
    expect(through('unchanged')).toContain(`"employee_id" NOT IN (SELECT k0 FROM __changes WHERE action IN ('U'))`);
    expect(sql.closeVersions(spec({ hardDeletes: 'ignore' }), changes, 'changed').text).toContain("action IN ('C')");
    expect(sql.insertVersions(spec(), changes, 'changed').text).toContain(
      "s.\"employee_id\" IN (SELECT k0 FROM __changes WHERE action IN ('N', 'C'))",
    );
    expect(
      sql.insertVersions(spec({ keyColumns: ['scenario_id', 'employee_id'] }), changes, 'unchanged').text,
    ).toContain(`(s."scenario_id", s."employee_id") NOT IN (SELECT k0, k1 FROM __changes WHERE action IN ('U'))`);
  });

  it('sum the closed versions only when asked', () => {
    expect(sql.verifyApply(spec(), false).text).not.toBe(sql.verifyApply(spec(), true).text);
    expect(sql.verifyApply(spec(), false).text).toContain('NULL');
  });

  // Every template of a history, under every setting that changes its fragments, leaves no
  // placeholder behind: a fragment a template needs but a setting does not build fails here.
  const settings: Array<[string, Partial<TableConfig>]> = [
    ['defaults', {}],
    ['new_record', { hardDeletes: 'new_record' }],
    ['ignore', { hardDeletes: 'ignore' }],
    ['composite key, year-end dates', { keyColumns: ['scenario_id', 'employee_id'], effectiveDateRule: 'year-end' }],
    [
      'dbt settings',
      {
        validityType: 'timestamp',
        validToCurrent: '9999-12-31',
        metaColumnNames: { dbt_valid_from: 'valid_from', dbt_is_deleted: 'deleted' },
      },
    ],
    [
      'an adopted dbt snapshot',
      {
        hardDeletes: 'new_record',
        validityType: 'timestamptz',
        adopted: {
          throughPeriod: 2024,
          isCurrent: false,
          updatedType: 'TIMESTAMP WITH TIME ZONE',
          deletedAsText: true,
        },
      },
    ],
  ];
  it.each(settings)('render completely for a history with %s', (_, setting) => {
    const history = spec(setting);
    const source = [...types].map(([name, type]) => ({ name, type: type.toString() }));
    const statements = [
      sql.sourcePeriods(history, true),
      sql.sourcePeriods(history, false),
      sql.periodDrift(history),
      sql.validateKeys(history),
      sql.validateKeysSorted(history),
      sql.periodHashes(history),
      sql.targetCreate(history, source),
      sql.targetRows(history),
      sql.currentHashes(history),
      sql.exportChunks(history, parquetFiles(['/x.parquet']), 4, '/tmp/chunks'),
      sql.closeVersions(history, changes, 'changed'),
      sql.closeVersions(history, changes, 'unchanged'),
      sql.closeTombstones(history, changes),
      sql.insertTombstones(history, changes),
      sql.insertVersions(history, changes, 'changed'),
      sql.insertVersions(history, changes, 'unchanged'),
      sql.verifyApply(history, true),
      sql.verifyApply(history, false),
      sql.verifyDuplicates(history),
      sql.verifyFound(history),
      sql.verifyFoundOverlap(history, changes),
      sql.historyFingerprint(history),
      sql.rewindDelete(history),
      sql.rewindReopen(history),
      sql.verifyRewind(history),
      sql.periodsDerive(history),
      sql.adoptBoundaries(history),
      sql.adoptScdIds(history),
      sql.adoptDeletedValues(history),
      sql.exportHistory(history, true, '/tmp/out', 'simulation_year'),
      sql.asOfQuery(history, ['employee_id', 'annual_salary']),
      sql.asOfMacroCreate(history, TableName.parse('scd_as_of'), ['employee_id']),
      sql.historySummary(history),
      ...readdirSync(join(SQL_DIR, 'check')).map((file) =>
        sql.check(history, `check/${file.replace(/\.sql$/, '')}` as CheckTemplate),
      ),
    ];
    for (const made of statements) expect(made.text).not.toMatch(/\{\{|\}\}/);
  });
});
