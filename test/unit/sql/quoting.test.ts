import { describe, expect, it } from 'vitest';
import { ExitCode, ScdError } from '../../../src/errors/index.js';
import { ident, KeySpec, literal, TableName } from '../../../src/sql/index.js';

describe('quoting', () => {
  it('quotes identifiers and strings as @duckdb/node-api does, doubling inner quotes', () => {
    expect(ident('employee_id').sql).toBe('"employee_id"');
    expect(ident('we"ird name').sql).toBe('"we""ird name"');
    expect(literal("it's").sql).toBe("'it''s'");
    expect(literal('/tmp/a b/c.parquet').sql).toBe("'/tmp/a b/c.parquet'");
  });
});

describe('table names', () => {
  it.each([
    ['scd_workforce_state', ['scd_workforce_state'], '"scd_workforce_state"', '"main"."scd_workforce_state"'],
    [
      'snapshots.scd_workforce_state',
      ['snapshots', 'scd_workforce_state'],
      '"snapshots"."scd_workforce_state"',
      '"snapshots"."scd_workforce_state"',
    ],
    ['sim.Snapshots.SCD', ['sim', 'Snapshots', 'SCD'], '"sim"."Snapshots"."SCD"', '"sim"."snapshots"."scd"'],
    ['"my.schema"."t ""x"""', ['my.schema', 't "x"'], '"my.schema"."t ""x"""', '"my.schema"."t ""x"""'],
    [' a . b ', ['a', 'b'], '"a"."b"', '"a"."b"'],
  ])('%s parses to its parts, quoted per part', (text, parts, sql, canonical) => {
    const name = TableName.parse(text);
    expect([name.parts, name.sql.sql, name.canonical]).toEqual([parts, sql, canonical]);
  });

  it("compares as DuckDB resolves: case-insensitively, main as default schema, the database's catalog as none", () => {
    expect(TableName.parse('SCD_WORKFORCE_STATE').sameAs(TableName.parse('main.scd_workforce_state'))).toBe(true);
    expect(TableName.parse('a.t').sameAs(TableName.parse('b.t'))).toBe(false);
    expect(TableName.parse('"a.b".c').sameAs(TableName.parse('a."b.c"'))).toBe(false);
    expect(TableName.parse('Sim.main.t').within('sim').sameAs(TableName.parse('t'))).toBe(true);
    expect(TableName.parse('other.main.t').within('sim').sameAs(TableName.parse('t'))).toBe(false);
    expect(TableName.parse('Sim.main.t').within('sim').name).toBe('main.t');
    expect(TableName.parse('"my.schema"." t"').name).toBe('"my.schema"." t"');
    expect(TableName.parse(TableName.parse('"a""b".c').name).parts).toEqual(['a"b', 'c']);
  });

  it.each(['', 'a..b', 'a.', '.a', 'a.b.c.d', '"unclosed', 'a."'])('refuses %j as bad input', (text) => {
    let error: unknown;
    try {
      TableName.parse(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScdError);
    if (!(error instanceof ScdError)) return;
    expect([error.exitCode, error.message]).toEqual([
      ExitCode.badInput,
      `not a table name: ${text} (expected table, schema.table or catalog.schema.table)`,
    ]);
  });
});

describe('key specs', () => {
  const one = new KeySpec(['employee_id']);
  const two = new KeySpec(['scenario_id', 'employee id']);

  it('build column lists, exchange names and joins with the alias given, never concatenating', () => {
    expect(two.list('t').sql).toBe('t."scenario_id", t."employee id"');
    expect(two.asExchange('s').sql).toBe('s."scenario_id" AS k0, s."employee id" AS k1');
    expect(two.matchesExchange('t', 'c').sql).toBe('t."scenario_id" = c.k0 AND t."employee id" = c.k1');
    expect(two.exchangeJoin('s', 'c').sql).toBe('s.k0 = c.k0 AND s.k1 = c.k1');
    expect(two.exchangeHash().sql).toBe('hash(k0, k1)');
    expect(two.anyNull().sql).toBe('("scenario_id" IS NULL OR "employee id" IS NULL)');
    expect(two.tuple().sql).toBe('("scenario_id", "employee id")');
    expect(one.tuple().sql).toBe('"employee_id"');
    expect(two.emptyExchange(['VARCHAR', 'INTEGER']).sql).toBe(
      'CAST(NULL AS VARCHAR) AS k0, CAST(NULL AS INTEGER) AS k1',
    );
  });

  it('label keys for messages', () => {
    expect([one.label, two.label]).toEqual(['employee_id', '(scenario_id, employee id)']);
  });

  it('keep the one-column dbt_scd_id part as plain text and escape composite parts', () => {
    expect(one.scdIdPart().sql).toBe('CAST("employee_id" AS VARCHAR)');
    expect(two.scdIdPart().sql).toBe(
      `replace(replace(CAST("scenario_id" AS VARCHAR), '\\', '\\\\'), '|', '\\|') || ` +
        `'|' || replace(replace(CAST("employee id" AS VARCHAR), '\\', '\\\\'), '|', '\\|')`,
    );
  });
});
