import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULTS, ExitCode, runScd, ScdError } from '../../../src/index.js';
import { HistorySpec, type TableConfig } from '../../../src/sql/index.js';
import { ValueHashes } from '../../../src/sql/value-hashes.js';
import { cli, execute, query, snapshotRow, withTempDir, writeSnapshot } from '../../support/helpers.js';

/** Issue 23: exact change detection, and input the engine must refuse up front. */

const tableNames = async (db: string) =>
  (await query<{ t: string }>(db, 'SELECT table_name AS t FROM duckdb_tables() ORDER BY 1')).map((r) => r.t);

/** A database at `dir/sim.duckdb` holding `ddl` (run as given). */
async function withDb<T>(ddl: string, fn: (db: string, dir: string) => Promise<T>): Promise<T> {
  return withTempDir(async (dir) => {
    const db = join(dir, 'sim.duckdb');
    await execute(db, ddl);
    return fn(db, dir);
  });
}

/** Flags for a source `src(id, yr, <tracked>)` dated by year end. */
const srcFlags = (tracked: readonly string[], target = 'scd_workforce_state') => [
  ...['--source', 'src', '--target', target, '--key', 'id', '--period', 'yr'],
  ...['--effective-date', 'year-end', '--tracked', tracked.join(',')],
];

/** Versions per key in `target`, and per key what DuckDB's IS DISTINCT FROM says they must be. */
async function versionCounts(db: string, tracked: readonly string[], target: string) {
  const changed = tracked.map((c) => `"${c}" IS DISTINCT FROM lag("${c}") OVER w`).join(' OR ');
  const expected = await query(
    db,
    `SELECT id, CAST(count(*) FILTER (WHERE n = 1 OR changed) AS INTEGER) AS versions
     FROM (SELECT id, row_number() OVER w AS n, ${changed} AS changed FROM src
           WINDOW w AS (PARTITION BY id ORDER BY yr))
     GROUP BY id ORDER BY id`,
  );
  const actual = await query(
    db,
    `SELECT id, CAST(count(*) AS INTEGER) AS versions FROM "${target}" GROUP BY 1 ORDER BY 1`,
  );
  return { actual, expected };
}

/** Runs on the worker path and on the inline path, and checks both histories. */
async function runBothPaths(db: string, tracked: readonly string[]): Promise<void> {
  for (const [target, extra] of [
    ['workers_state', []],
    ['inline_state', ['--inline']],
  ] as const) {
    const run = await cli('run', '--db', db, '--all', ...srcFlags(tracked, target), ...extra);
    expect([target, run.code, run.stderr]).toEqual([target, 0, '']);
    const { actual, expected } = await versionCounts(db, tracked, target);
    expect(actual).toEqual(expected);
    const check = await cli('check', '--db', db, '--target', target);
    expect([target, check.code]).toEqual([target, 0]);
  }
}

/**
 * Values DuckDB's hash() confuses (NULL, empty and NULL-holding values of nested types, the halves
 * of wide integers, intervals) beside values IS DISTINCT FROM takes as equal ('1 month' and '30
 * days', 0.0 and -0.0): for each type, a pool of SQL literals.
 */
const POOLS: Record<string, { type: string; values: readonly string[] }> = {
  l: { type: 'INTEGER[]', values: ['NULL', '[]', '[NULL]', '[NULL, NULL]', '[1]', '[1, NULL]', '[NULL, 1]'] },
  ll: {
    type: 'INTEGER[][]',
    values: ['NULL', '[]', '[NULL]', '[[]]', '[[NULL]]', '[[], []]', '[[], NULL]', '[[1]]', '[[1], []]', '[[], [1]]'],
  },
  a2: { type: 'INTEGER[2]', values: ['NULL', '[NULL, NULL]', '[1, NULL]', '[NULL, 1]'] },
  s: {
    type: 'STRUCT(a INTEGER, b INTEGER[])',
    values: ['NULL', "{'a': NULL, 'b': NULL}", "{'a': NULL, 'b': []}", "{'a': NULL, 'b': [NULL]}", "{'a': 1, 'b': []}"],
  },
  ls: {
    type: 'STRUCT(a INTEGER)[]',
    values: ['NULL', '[]', '[NULL]', "[{'a': NULL}]", "[{'a': 1}]", "[{'a': NULL}, NULL]"],
  },
  m: {
    type: 'MAP(VARCHAR, INTEGER[])',
    values: ['NULL', 'MAP {}', "MAP {'a': NULL}", "MAP {'a': []}", "MAP {'a': [NULL]}"].concat([
      "MAP {'a': [1], 'b': []}",
      "MAP {'b': [], 'a': [1]}",
    ]),
  },
  u: {
    type: 'UNION(n INTEGER, t VARCHAR, l INTEGER[])',
    values: [
      'NULL',
      'union_value(n := NULL::INTEGER)',
      'union_value(t := NULL::VARCHAR)',
      'union_value(l := []::INTEGER[])',
      'union_value(l := NULL::INTEGER[])',
      'union_value(n := 1)',
      "union_value(t := '1')",
    ],
  },
  vl: { type: 'VARCHAR[]', values: ['NULL', '[]', '[NULL]', "['']", "['NULL']", "['a', 'b']", "['ab']"] },
  iv: {
    type: 'INTERVAL',
    values: ['NULL', "'1 month'", "'30 days'", "'1 day'", "'24 hours'", "'1 microsecond'", "'1 month 1 day'"],
  },
  // (1, 0) and (1, 1) as the halves of a DECIMAL(38,2)'s HUGEINT.
  d: {
    type: 'DECIMAL(38,2)',
    values: ['NULL', '0.00', '-0.01', '0.01', '184467440737095516.16', '184467440737095516.17'],
  },
  h: { type: 'HUGEINT', values: ['NULL', '0', '-1', '1', '18446744073709551616', '18446744073709551617'] },
  uu: {
    type: 'UUID',
    values: ['NULL', "'80000000-0000-0000-0000-000000000000'", "'00000000-0000-0000-8000-000000000000'"],
  },
  f: { type: 'DOUBLE', values: ['NULL', '0.0', '-0.0', "'nan'", "'inf'", '1'] },
};
const COLUMNS = Object.keys(POOLS);
const columnDdl = COLUMNS.map((c) => `"${c}" ${POOLS[c]?.type}`).join(', ');
const cell = (column: string, index: number) => `CAST(${POOLS[column]?.values[index]} AS ${POOLS[column]?.type})`;
const poolSize = (column: string) => POOLS[column]?.values.length ?? 1;

describe('4: change detection is exact for every tracked type', () => {
  it('4: a tracked INT[] going NULL -> [] -> NULL records a version each time, on both paths', async () => {
    await withDb(
      `CREATE TABLE src AS SELECT * FROM (VALUES
         ('A', 2025, NULL::INT[]), ('A', 2026, []::INT[]), ('A', 2027, NULL::INT[]),
         ('B', 2025, [NULL]::INT[]), ('B', 2026, []::INT[]), ('B', 2027, [NULL]::INT[])) v(id, yr, l)`,
      async (db) => {
        await runBothPaths(db, ['l']);
        const versions = await query(db, 'SELECT id, l, dbt_valid_from::VARCHAR f FROM workers_state ORDER BY 1, 3');
        expect(versions).toEqual([
          { id: 'A', l: null, f: '2025-12-31' },
          { id: 'A', l: [], f: '2026-12-31' },
          { id: 'A', l: null, f: '2027-12-31' },
          { id: 'B', l: [null], f: '2025-12-31' },
          { id: 'B', l: [], f: '2026-12-31' },
          { id: 'B', l: [null], f: '2027-12-31' },
        ]);
      },
    );
  });

  it('4: every ordered pair of values of each tracked type: a version exactly where IS DISTINCT FROM', async () => {
    const inserts = COLUMNS.flatMap((c) =>
      Array.from({ length: poolSize(c) ** 2 }, (_, k) => {
        const [i, j] = [Math.floor(k / poolSize(c)), k % poolSize(c)];
        const rows = `('${c}:${i}:${j}', 2025, ${cell(c, i)}), ('${c}:${i}:${j}', 2026, ${cell(c, j)})`;
        return `INSERT INTO src (id, yr, "${c}") VALUES ${rows};`;
      }),
    );
    const ddl = `CREATE TABLE src (id VARCHAR, yr INTEGER, ${columnDdl}); ${inserts.join('\n')}`;
    await withDb(ddl, (db) => runBothPaths(db, COLUMNS));
  });

  it('4: two list columns whose elements could run into each other are told apart', async () => {
    await withDb(
      `CREATE TABLE src AS SELECT * FROM (VALUES ('A', 2025, [1, 2], [3]), ('A', 2026, [1], [2, 3]),
         ('B', 2025, [], [1]), ('B', 2026, [1], []), ('C', 2025, NULL, [1]), ('C', 2026, [], [1])) v(id, yr, x1, x2)`,
      (db) => runBothPaths(db, ['x1', 'x2']),
    );
  });

  it('4: fast-check sequences of tracked values: versions exactly at the changes, on both paths', async () => {
    const keys = 12;
    const step = fc.record({ column: fc.constantFrom(...COLUMNS), value: fc.nat(20) });
    const keySteps = fc.array(fc.array(step, { minLength: 3, maxLength: 3 }), { minLength: keys, maxLength: keys });
    const starts = fc.array(fc.nat(20), { minLength: COLUMNS.length, maxLength: COLUMNS.length });
    await fc.assert(
      fc.asyncProperty(keySteps, starts, async (changesByKey, start) => {
        const rows: string[] = [];
        changesByKey.forEach((changes, key) => {
          // Each period changes one column of the key's row to any value of its pool (maybe an equal one).
          const current = COLUMNS.map((c, i) => (start[i] as number) % poolSize(c));
          const values = () => COLUMNS.map((c, i) => cell(c, current[i] as number)).join(', ');
          const row = (year: number) => `('K${key}', ${year}, ${values()})`;
          rows.push(row(2025));
          changes.forEach(({ column, value }, n) => {
            current[COLUMNS.indexOf(column)] = value % poolSize(column);
            rows.push(row(2026 + n));
          });
        });
        const ddl = `CREATE TABLE src (id VARCHAR, yr INTEGER, ${columnDdl}); INSERT INTO src VALUES ${rows.join()};`;
        await withDb(ddl, (db) => runBothPaths(db, COLUMNS));
      }),
      { numRuns: 3 },
    );
  });

  it('4: the hashes of random nested values agree with IS DISTINCT FROM (fast-check, types and values)', async () => {
    const leaf = fc.constantFrom(
      { type: 'INTEGER', values: ['0', '1', '-1'] },
      { type: 'VARCHAR', values: ["''", "'a'", "'NULL'"] },
      { type: 'DOUBLE', values: ['0.0', '-0.0', "'nan'"] },
      { type: 'INTERVAL', values: ["'1 month'", "'30 days'", "'1 day'"] },
      { type: 'DECIMAL(38,2)', values: ['0.00', '-0.01'] },
      { type: 'HUGEINT', values: ['0', '-1', '18446744073709551616'] },
      { type: 'UUID', values: ["'80000000-0000-0000-0000-000000000000'", "'00000000-0000-0000-8000-000000000000'"] },
    );
    type Kind = { type: string; value: fc.Arbitrary<string> };
    const withNull = (type: string, value: fc.Arbitrary<string>): Kind => ({
      type,
      value: fc.oneof({ weight: 1, arbitrary: fc.constant('NULL') }, { weight: 4, arbitrary: value }),
    });
    const cast = (type: string) => (literal: string) => `CAST(${literal} AS ${type})`;
    const { kind } = fc.letrec<{ kind: Kind }>((tie) => ({
      kind: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf.map((l) => withNull(l.type, fc.constantFrom(...l.values).map(cast(l.type)))),
        tie('kind').map((e) => {
          const list = fc.array(e.value, { maxLength: 3 }).map((vs) => cast(`${e.type}[]`)(`[${vs.join(', ')}]`));
          return withNull(`${e.type}[]`, list);
        }),
        tie('kind').map((e) => {
          const array = fc.tuple(e.value, e.value).map((vs) => cast(`${e.type}[2]`)(`[${vs.join(', ')}]`));
          return withNull(`${e.type}[2]`, array);
        }),
        fc.tuple(tie('kind'), tie('kind')).map(([a, b]) => {
          const type = `STRUCT(a ${a.type}, b ${b.type})`;
          return withNull(
            type,
            fc.tuple(a.value, b.value).map(([x, y]) => cast(type)(`{'a': ${x}, 'b': ${y}}`)),
          );
        }),
        tie('kind').map((e) => {
          const type = `MAP(VARCHAR, ${e.type})`;
          const entry = (k: string) => e.value.map((v) => `'${k}': ${v}`);
          const entries = fc.subarray(['a', 'b']).chain((ks) => fc.tuple(...ks.map(entry)));
          return withNull(
            type,
            entries.map((es) => cast(type)(`MAP {${es.join(', ')}}`)),
          );
        }),
        fc.tuple(tie('kind'), tie('kind')).map(([a, b]) => {
          const type = `UNION(a ${a.type}, b ${b.type})`;
          const member = (tag: string, e: Kind) => e.value.map((v) => cast(type)(`union_value(${tag} := ${v})`));
          return withNull(type, fc.oneof(member('a', a), member('b', b)));
        }),
      ),
    }));
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const config: TableConfig = { ...(DEFAULTS.table as TableConfig), sourceTable: 't', keyColumns: ['i'] };
      const values = kind.chain((k) =>
        fc.tuple(fc.constant(k.type), fc.array(k.value, { minLength: 2, maxLength: 9 })),
      );
      await fc.assert(
        fc.asyncProperty(values, async ([type, literals]) => {
          const rows = literals.map((v, i) => `(${i}, ${v})`).join(', ');
          await connection.run(`CREATE OR REPLACE TABLE t (i INTEGER, v ${type}); INSERT INTO t VALUES ${rows}`);
          const prepared = await connection.prepare('SELECT i, v FROM t');
          const types = new Map([
            ['i', prepared.columnType(0)],
            ['v', prepared.columnType(1)],
          ]);
          prepared.destroySync();
          // What change detection compares, and record_hash (never equal where values differ).
          const hash = new HistorySpec({ ...config, trackedColumns: ['v'] }).typed(types).fragments.hash?.sql;
          const column = new ValueHashes(['i'], ['v'], types).tracked('column').sql;
          const wrong = await connection.runAndReadAll(
            `WITH h AS (SELECT i, v, ${hash} AS h, ${column} AS c FROM t)
             SELECT a.i AS a, b.i AS b FROM h a, h b
             WHERE a.i < b.i AND ((a.v IS DISTINCT FROM b.v) = (a.h = b.h)
                                  OR (a.v IS DISTINCT FROM b.v AND a.c = b.c))`,
          );
          expect(wrong.getRowObjectsJson().map((p) => [literals[Number(p.a)], literals[Number(p.b)]])).toEqual([]);
        }),
        { numRuns: 150 },
      );
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('4: a tracked type whose values cannot be compared exactly is refused up front, naming it', async () => {
    // A view: a database file of the default storage version cannot store VARIANT.
    const ddl = `CREATE VIEW src AS SELECT 'A' AS id, 2025 AS yr, 1::VARIANT AS v, {'a': 'x'::VARIANT} AS s`;
    await withDb(ddl, async (db) => {
      const advice = 'whose values scd-parallel cannot compare exactly; cast it in a view (to JSON, say)\n';
      const plain = await cli('run', '--db', db, '--all', ...srcFlags(['v']));
      expect([plain.code, plain.stderr]).toEqual([
        ExitCode.badInput,
        `scd-parallel: tracked column v has type VARIANT, ${advice}`,
      ]);
      const nested = await cli('run', '--db', db, '--all', ...srcFlags(['s']));
      expect([nested.code, nested.stderr]).toEqual([
        ExitCode.badInput,
        `scd-parallel: tracked column s has type STRUCT("a" VARIANT), holding VARIANT, ${advice}`,
      ]);
      expect(await tableNames(db)).toEqual([]);
    });
  });
});

describe('6: collations', () => {
  const collatedSource = `
    CREATE TABLE src (id VARCHAR COLLATE NOCASE, yr INTEGER, v INTEGER, t VARCHAR COLLATE NOACCENT.NOCASE);
    INSERT INTO src VALUES ('abc', 2025, 1, 'x'), ('ABC', 2026, 1, 'x'), ('Abc', 2027, 1, 'x');
    CREATE TABLE plain (id VARCHAR, yr INTEGER, v INTEGER, t VARCHAR);
    INSERT INTO plain SELECT * FROM src;
    CREATE VIEW collating AS SELECT id COLLATE de AS id, yr, v, t FROM plain;`;
  const honour = 'which scd-parallel cannot honour: it compares text byte for byte';

  it('6: key columns with a collation are refused, naming the column and the collation, on every path', async () => {
    await withDb(collatedSource, async (db) => {
      for (const extra of [[], ['--inline']]) {
        const key = await cli('run', '--db', db, '--all', ...srcFlags(['v']), ...extra);
        expect([key.code, key.stderr]).toEqual([
          ExitCode.badInput,
          `scd-parallel: key column id has collation NOCASE, ${honour}; select id COLLATE c in a view\n`,
        ]);
      }
      // Also where a view's expression applies the collation.
      const view = await cli('run', '--db', db, '--all', ...srcFlags(['v']), '--source', 'collating');
      expect([view.code, view.stderr]).toEqual([
        ExitCode.badInput,
        `scd-parallel: key column id has collation de, ${honour}; select id COLLATE c in a view\n`,
      ]);
      expect((await cli('check', '--db', db, ...srcFlags(['v']))).code).toBe(ExitCode.badInput);
      expect(await tableNames(db)).toEqual(['plain', 'src']);
      // Without the collation, each spelling is a key of its own, on both paths alike.
      await execute(db, 'CREATE VIEW bytewise AS SELECT id COLLATE c AS id, yr, v, t COLLATE c AS t FROM src');
      const fine = await cli('run', '--db', db, '--all', ...srcFlags(['v', 't']), '--source', 'bytewise');
      expect([fine.code, fine.stderr]).toEqual([0, '']);
      expect((await cli('check', '--db', db)).code).toBe(0);
    });
  });

  it('6: a tracked column with a collation is refused, naming it', async () => {
    await withDb(collatedSource, async (db) => {
      await execute(db, 'CREATE VIEW tracked_collated AS SELECT id COLLATE c AS id, yr, v, t FROM src');
      const result = await cli('run', '--db', db, '--all', ...srcFlags(['v', 't']), '--source', 'tracked_collated');
      expect([result.code, result.stderr]).toEqual([
        ExitCode.badInput,
        `scd-parallel: tracked column t has collation NOACCENT.NOCASE, ${honour}; select t COLLATE c in a view\n`,
      ]);
    });
  });

  it("6: the database's default_collation is refused for text key and tracked columns", async () => {
    const ddl = "CREATE TABLE src AS SELECT * FROM (VALUES ('abc', 2025, 1), ('ABC', 2026, 1)) v(id, yr, v)";
    await withDb(ddl, async (db) => {
      const instance = await DuckDBInstance.create(db);
      try {
        const connection = await instance.connect();
        await connection.run("SET default_collation = 'nocase'");
        connection.closeSync();
        const table = { sourceTable: 'src', keyColumns: ['id'], periodColumn: 'yr', trackedColumns: ['v'] };
        const selection = { kind: 'all' as const };
        const options = { db, instance, table: { ...table, effectiveDateRule: 'year-end' as const }, selection };
        const refusal = await runScd(options).catch((e: unknown) => e);
        expect(refusal).toBeInstanceOf(ScdError);
        expect((refusal as ScdError).message).toBe(
          `key column id has collation nocase (the database's default_collation), ${honour}; reset default_collation`,
        );
      } finally {
        instance.closeSync();
      }
      expect(await tableNames(db)).toEqual(['src']);
    });
  });
});

describe('8: adopt refuses a snapshot dbt could not continue', () => {
  /** A two-year source and a dbt snapshot of it (new_record, dbt_is_deleted as dbt's text), edited by `edit`. */
  async function withSnapshot(edit: string, fn: (db: string) => Promise<void>): Promise<void> {
    await withTempDir(async (dir) => {
      const db = join(dir, 'sim.duckdb');
      const salary = (id: string, y: number) => (id === 'A' ? `${y}.00` : '1.00');
      const years = [2025, 2026].flatMap((y) => ['A', 'B', 'C'].map((id) => snapshotRow(id, y, salary(id, y))));
      await writeSnapshot(db, years);
      await execute(
        db,
        `CREATE TABLE snap AS
           SELECT s.*, md5(employee_id || '|' || CAST(effective_date AS VARCHAR)) AS dbt_scd_id,
                  CAST(effective_date AS TIMESTAMP) AS dbt_updated_at,
                  CAST(effective_date AS TIMESTAMP) AS dbt_valid_from,
                  CASE WHEN employee_id = 'A' AND simulation_year = 2025 THEN TIMESTAMP '2026-12-31' END
                    AS dbt_valid_to,
                  'False' AS dbt_is_deleted
           FROM fct_workforce_snapshot s WHERE simulation_year = 2025 OR employee_id = 'A';
         ${edit}`,
      );
      await fn(db);
    });
  }

  it('8: rows sharing one dbt_scd_id are refused, naming them, and nothing is recorded', async () => {
    await withSnapshot("UPDATE snap SET dbt_scd_id = 'same' WHERE employee_id IN ('B', 'C')", async (db) => {
      const result = await cli('adopt', '--db', db, '--target', 'snap');
      expect([result.code, result.stderr]).toEqual([
        ExitCode.badInput,
        'scd-parallel: cannot adopt snap: dbt_scd_id must identify one version, but 2 rows share one or lack one: ' +
          'B from 2025-12-31 00:00:00 (same), C from 2025-12-31 00:00:00 (same)\n',
      ]);
      expect(await tableNames(db)).toEqual(['fct_workforce_snapshot', 'snap']);
      // With dbt's ids back, the same snapshot is adopted.
      await execute(db, "UPDATE snap SET dbt_scd_id = md5(employee_id || '|' || CAST(effective_date AS VARCHAR))");
      const adopted = await cli('adopt', '--db', db, '--target', 'snap');
      expect([adopted.code, adopted.stderr]).toEqual([0, '']);
    });
  });

  it("8: dbt_is_deleted that is neither true nor false ('maybe') is refused, naming the rows", async () => {
    await withSnapshot("UPDATE snap SET dbt_is_deleted = 'maybe' WHERE employee_id = 'C'", async (db) => {
      const result = await cli('adopt', '--db', db, '--target', 'snap');
      expect([result.code, result.stderr]).toEqual([
        ExitCode.badInput,
        'scd-parallel: cannot adopt snap: dbt_is_deleted must be true or false, but 1 rows hold something else: ' +
          "C from 2025-12-31 00:00:00: 'maybe'\n",
      ]);
      expect(await tableNames(db)).toEqual(['fct_workforce_snapshot', 'snap']);
    });
  });
});

describe('12: unreadable sources are bad input, with nothing created', () => {
  const rows = [2025, 2026, 2027].flatMap((y) => ['A', 'B'].map((id) => snapshotRow(id, y, `${y}.00`)));

  /** `dir/table.duckdb` with the snapshot, and its years 2025-2026 as Parquet in `dir/files/<layout>`. */
  async function withFiles(layout: (year: number) => string, fn: (dir: string, tableDb: string) => Promise<void>) {
    await withTempDir(async (dir) => {
      const tableDb = join(dir, 'table.duckdb');
      await writeSnapshot(tableDb, rows);
      for (const year of [2025, 2026]) {
        const file = join(dir, 'files', layout(year));
        mkdirSync(join(file, '..'), { recursive: true });
        const rowsOfYear = `SELECT * FROM fct_workforce_snapshot WHERE simulation_year = ${year}`;
        await execute(tableDb, `COPY (${rowsOfYear}) TO '${file}' (FORMAT parquet)`);
      }
      await fn(dir, tableDb);
    });
  }

  it('12: a 0-byte or garbage Parquet file in the glob is bad input naming it (run, check); no file left', async () => {
    await withFiles(
      (y) => `y${y}.parquet`,
      async (dir, tableDb) => {
        const glob = join(dir, 'files', '*.parquet');
        for (const [name, content, problem] of [
          ['empty.parquet', '', 'too small to be a Parquet file'],
          ['garbage.parquet', 'not parquet at all, just text', 'No magic bytes found at end of file'],
        ] as const) {
          const bad = join(dir, 'files', name);
          writeFileSync(bad, content);
          const db = join(dir, `${name}.duckdb`);
          const run = await cli('run', '--db', db, '--all', '--source', glob);
          expect(run.code).toBe(ExitCode.badInput);
          expect(run.stderr.startsWith(`scd-parallel: source files ${glob} cannot be read: `)).toBe(true);
          expect(run.stderr).toContain(problem);
          expect(run.stderr).toContain(bad);
          expect(existsSync(db)).toBe(false);
          const check = await cli('check', '--db', tableDb, '--source', glob);
          expect([check.code, check.stderr]).toEqual([ExitCode.badInput, run.stderr]);
          rmSync(bad);
        }
      },
    );
  });

  it('12: hive-partitioned and flat files mixed in one glob are bad input naming both; no file left', async () => {
    await withFiles(
      (y) => (y === 2025 ? `simulation_year=${y}/part.parquet` : `y${y}.parquet`),
      async (dir) => {
        const db = join(dir, 'run.duckdb');
        const run = await cli('run', '--db', db, '--all', '--source', join(dir, 'files', '**', '*.parquet'));
        expect(run.code).toBe(ExitCode.badInput);
        expect(run.stderr).toContain(`cannot be read: Hive partition mismatch between file "${join(dir, 'files')}`);
        const advice = '; a glob must match only hive-partitioned files (in key=value directories) or only other';
        expect(run.stderr).toContain(advice);
        expect(existsSync(db)).toBe(false);
      },
    );
  });

  it('12: a source view over a dropped table is bad input naming the view, with nothing written', async () => {
    const ddl = 'CREATE TABLE base AS SELECT 1 AS id, 2025 AS yr, 1 v; CREATE VIEW src AS FROM base; DROP TABLE base';
    await withDb(ddl, async (db) => {
      const run = await cli('run', '--db', db, '--all', ...srcFlags(['v']));
      expect([run.code, run.stderr]).toEqual([
        ExitCode.badInput,
        'scd-parallel: source view src cannot be read: Table with name base does not exist!\n',
      ]);
      expect(await tableNames(db)).toEqual([]);
    });
  });

  it('12: a source view with a cast error in a later period is refused before any period is committed', async () => {
    await withDb(
      `CREATE TABLE base AS
         SELECT * FROM (VALUES ('A', 2025, '1'), ('A', 2026, '2'), ('A', 2027, 'x'), ('B', 2025, '1')) v(id, yr, raw);
       CREATE VIEW src AS SELECT id, yr, CAST(raw AS INTEGER) AS v FROM base;`,
      async (db) => {
        const cause = "Could not convert string 'x' to INT32 when casting from source column raw";
        for (const extra of [[], ['--inline'], ['--full-refresh']]) {
          const run = await cli('run', '--db', db, '--all', ...srcFlags(['v']), ...extra);
          expect([run.code, run.stderr]).toEqual([
            ExitCode.badInput,
            `scd-parallel: source view src cannot be read in period 2027: ${cause}; nothing was applied\n`,
          ]);
          expect(await tableNames(db)).toEqual(['base']);
        }
        // The periods before it apply; check names the view too.
        expect((await cli('run', '--db', db, '--years', '2025-2026', ...srcFlags(['v']))).code).toBe(0);
        const check = await cli('check', '--db', db);
        expect([check.code, check.stderr]).toEqual([
          ExitCode.badInput,
          `scd-parallel: source view src cannot be read: ${cause}\n`,
        ]);
      },
    );
  });
});

describe('13: every message is bounded', () => {
  it('13: an ENUM key of 20K values is refused in under 2 KB, its values cut with a count', async () => {
    await withDb(
      `CREATE TYPE big AS ENUM (SELECT 'value_' || lpad(CAST(i AS VARCHAR), 5, '0') FROM range(20000) t(i));
       CREATE TABLE src AS SELECT CAST('value_00001' AS big) AS id, 2025 AS yr, 1 AS v;`,
      async (db) => {
        const run = await cli('run', '--db', db, '--all', ...srcFlags(['v']));
        expect(run.code).toBe(ExitCode.badInput);
        expect(run.stderr.length).toBeLessThan(2048);
        expect(run.stderr).toMatch(/^scd-parallel: key column id has type ENUM\('value_00000', 'value_00001', /);
        expect(run.stderr).toMatch(/, … and 19,9\d\d more\), which the exchange with workers cannot carry exactly; /);
      },
    );
  });

  it('13: a missing column of a source with 5,000 columns lists them cut with a count', async () => {
    const columns = Array.from({ length: 5000 }, (_, i) => `${i} AS c${i}`).join(', ');
    await withDb(`CREATE TABLE src AS SELECT 'A' AS id, 2025 AS yr, ${columns}`, async (db) => {
      const run = await cli('run', '--db', db, '--all', ...srcFlags(['missing']));
      expect(run.code).toBe(ExitCode.badInput);
      expect(run.stderr.length).toBeLessThan(2048);
      expect(run.stderr).toMatch(/^scd-parallel: tracked column missing is missing from src \(columns: id, yr, c0, /);
      expect(run.stderr).toMatch(/, c\d+, … and 4,\d{3} more\)\n$/);
    });
  });

  it('13: a contradicted setting of 5,000 tracked columns is named within the bound, keeping the way out', async () => {
    const names = Array.from({ length: 5000 }, (_, i) => `c${i}`);
    const ddl = `CREATE TABLE src AS SELECT 'A' AS id, 2025 AS yr, ${names.map((c, i) => `${i} AS ${c}`).join(', ')}`;
    await withDb(ddl, async (db) => {
      expect((await cli('run', '--db', db, '--all', ...srcFlags(names))).code).toBe(0);
      const run = await cli('run', '--db', db, '--all', ...srcFlags(['c0']));
      expect(run.code).toBe(ExitCode.badInput);
      expect(run.stderr.length).toBeLessThan(2048);
      expect(run.stderr).toMatch(/^scd-parallel: history table scd_workforce_state tracks c0, c1, c2, /);
      expect(run.stderr).toMatch(/… \(\d+,\d{3} more characters\), not c0; /);
      expect(run.stderr).toMatch(/, not c0; rebuild it with --full-refresh\n$/);
    });
  });

  it('13: no ScdError message passes the bound, whatever a builder embeds', () => {
    const error = new ScdError('INVALID_OPTION', `bad value ${'x'.repeat(300_000)}`);
    expect(error.message.length).toBeLessThanOrEqual(2000);
    expect(error.message).toMatch(/^bad value x+… \(\d{3},\d{3} more characters\)$/);
  });
});

describe('15: a key holding the period or its date', () => {
  it('15: a key that includes the period or the effective-date column is refused, and nothing is written', async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'sim.duckdb');
      await writeSnapshot(
        db,
        [2025, 2026].flatMap((y) => ['A', 'B'].map((id) => snapshotRow(id, y))),
      );
      const why = "each period's rows would be new keys, never new versions of earlier ones; leave it out of the key\n";
      const period = await cli('run', '--db', db, '--all', '--key', 'employee_id,simulation_year');
      expect([period.code, period.stderr]).toEqual([
        ExitCode.badInput,
        `scd-parallel: key column simulation_year is also the period column: ${why}`,
      ]);
      const date = await cli('run', '--db', db, '--all', '--key', 'effective_date,employee_id');
      expect([date.code, date.stderr]).toEqual([
        ExitCode.badInput,
        `scd-parallel: key column effective_date is also the effective-date column: ${why}`,
      ]);
      expect(await tableNames(db)).toEqual(['fct_workforce_snapshot']);
      expect((await cli('check', '--db', db, '--key', 'employee_id,simulation_year')).code).toBe(ExitCode.badInput);
    });
  });
});
