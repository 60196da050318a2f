import type { DuckDBConnection } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { exec, one } from '../../../src/db/database.js';
import { DEFAULT_TABLE_CONFIG } from '../../../src/options/table-config.js';
import { type Fragment, HistorySpec, ident, type Statement, sql, subquery } from '../../../src/sql/index.js';
import { statement } from '../../../src/sql/template.js';

/**
 * Never called: it is here for the compiler. `npm test` and `npm run typecheck` run tsc over the
 * tests, which fails when a line marked @ts-expect-error compiles: when a plain string, or an
 * object of the same shape, is taken where the SQL module's own Statement or Fragment is required.
 */
// biome-ignore lint/suspicious/noExportsInTest: exported so that nothing flags it unused; only the compiler reads it.
export function notCompiled(connection: DuckDBConnection, statement: Statement, relation: Fragment): void {
  // @ts-expect-error a string is no Statement
  void exec(connection, 'DROP TABLE employees');
  // @ts-expect-error nor is an object of its shape
  void exec(connection, { text: 'DROP TABLE employees' });
  // @ts-expect-error a string is no Statement to read rows with either
  void one(connection, 'SELECT 1');
  // @ts-expect-error a Fragment is no Statement
  void exec(connection, relation);
  // @ts-expect-error a string is no Fragment
  sql.relationCount('employees');
  // @ts-expect-error nor is an object of its shape
  sql.relationCount({ sql: '(SELECT 1); DROP TABLE employees' });
  // @ts-expect-error a Statement is no Fragment
  sql.relationCount(statement);
  // @ts-expect-error a subquery is made of a Statement, not of text
  subquery('SELECT 1');
  // @ts-expect-error a template is named by a file under sql/
  sql.check(new HistorySpec(DEFAULT_TABLE_CONFIG), 'check/no_such_check');
}

describe('rendering a template', () => {
  it('puts each fragment in its placeholder', () => {
    expect(statement('catalog/relation_count', { relation: ident('employees') }).text).toBe(
      'SELECT count(*) AS n FROM "employees" __scd_r\n',
    );
  });

  it('fails on a placeholder no fragment fills', () => {
    expect(() => statement('catalog/relation_count')).toThrow(
      'sql template catalog/relation_count: no fragment for {{relation}}',
    );
  });

  it('fails on a fragment the template does not take', () => {
    expect(() => statement('catalog/relation_count', { relation: ident('employees'), limit: ident('x') })).toThrow(
      'sql template catalog/relation_count: no {{limit}} to take the fragment',
    );
  });

  it("takes from a history's fragments only what the template names", () => {
    const spec = new HistorySpec(DEFAULT_TABLE_CONFIG);
    expect(statement('history/rows', {}, spec.fragments).text).toBe(
      `SELECT count(*) AS n FROM ${spec.target.sql.sql}\n`,
    );
  });

  it('reads a statement as a relation', () => {
    expect(subquery(sql.currentCatalog()).sql).toBe(`(${sql.currentCatalog().text})`);
  });
});
