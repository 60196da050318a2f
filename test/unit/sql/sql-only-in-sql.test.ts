import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../support/paths.js';

const SRC = join(ROOT, 'src');
const SQL_MODULE = join(SRC, 'sql');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** String and template literals of a TypeScript file, comments left out. */
function literals(text: string): string[] {
  const found: string[] = [];
  const pattern = /\/\/[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g;
  for (const match of text.matchAll(pattern)) if (!match[0].startsWith('/')) found.push(match[0]);
  return found;
}

/** SQL: a statement keyword, or a clause DuckDB needs, in upper case as this project writes SQL. */
const SQL = /\b(SELECT|INSERT|UPDATE|DELETE|MERGE|CREATE|DROP|ALTER|COPY|BEGIN|COMMIT|ROLLBACK|CHECKPOINT|PRAGMA|ATTACH|FROM|WHERE|JOIN|CAST)\b/;

const sqlIn = (text: string): string[] => literals(text).filter((l) => SQL.test(l));

describe('SQL lives in sql/ and src/sql only', () => {
  it('no string in src/ outside the SQL module holds SQL', () => {
    const found = files(SRC)
      .filter((f) => !f.startsWith(SQL_MODULE))
      .flatMap((f) => sqlIn(readFileSync(f, 'utf8')).map((l) => `${relative(SRC, f)}: ${l}`));
    expect(found).toEqual([]);
  });

  it('the scan finds SQL where it is', () => {
    expect(literals("const a = `SELECT 1`; // SELECT in a comment\nconst b = 'plain';")).toEqual(['`SELECT 1`', "'plain'"]);
    expect(sqlIn("await exec(c, `DROP TABLE ${name}`);\nawait all(c, 'SELECT 1 FROM duckdb_tables()');\nthrow bad('select a table');")).toEqual([
      '`DROP TABLE ${name}`',
      "'SELECT 1 FROM duckdb_tables()'",
    ]);
  });
});
