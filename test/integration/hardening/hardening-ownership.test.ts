import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, quotedIdentifier } from '@duckdb/node-api';
import fc from 'fast-check';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ExitCode, generateWorkforce, runScd } from '../../../src/index.js';
import { parseSource, TableName } from '../../../src/sql/index.js';
import { cli, execute, historyFingerprint, query, withSnapshotDb, withTempDir } from '../../support/helpers.js';

/** Issue 23, which tables are the engine's and deciding before writing: each defect reproduced here first. */

const silent = pino({ level: 'silent' });

/** Every relation and function of the database but DuckDB's own, as `schema.name`. */
const objects = async (db: string) =>
  (
    await query<{ t: string }>(
      db,
      `SELECT schema_name || '.' || table_name AS t FROM duckdb_tables()
       UNION ALL SELECT schema_name || '.' || function_name FROM duckdb_functions() WHERE NOT internal
       UNION ALL SELECT 'schema ' || schema_name FROM duckdb_schemas() WHERE NOT internal
       ORDER BY 1`,
    )
  ).map((r) => r.t);

const HISTORY = 'scd_workforce_state';
const MARK_MISSING = 'its mark is missing: the table was replaced, or its comment changed';
const notOurs = (table: string, why = MARK_MISSING) =>
  `scd-parallel: table ${table} is not the history scd-parallel created (${why}); ` +
  'it is left untouched: rename it to keep it, or name another --target\n';

/** The CLI on `db`: `args` are the command and its flags but --db. */
const on = (db: string, args: readonly string[]) => cli(args[0] as string, '--db', db, ...args.slice(1));

/** The token recorded for `table` and the comment on it. */
const markOf = async (db: string, table: string) =>
  (
    await query<{ token: string; comment: string }>(
      db,
      `SELECT h.table_token AS token, t.comment FROM scd_parallel_histories h, duckdb_tables() t
       WHERE t.table_name = '${table}' AND h.target_name = '${table}'`,
    )
  )[0];

/** A rebuild table as a killed full refresh leaves it, marked as the engine marks it. */
const LEFT_REBUILD = `CREATE TABLE scd_workforce_state__scd_rebuild AS
    SELECT * EXCLUDE (dbt_scd_id, record_hash) FROM scd_workforce_state;
  COMMENT ON TABLE scd_workforce_state__scd_rebuild IS 'scd-parallel rebuild of "main"."scd_workforce_state"'`;

describe("2: a table is the engine's only when it carries the mark the engine wrote on it", () => {
  it("2: a history replaced by a table of the user's is refused by every command, exit 2, untouched", async () => {
    await withSnapshotDb(async (db, dir) => {
      expect((await cli('run', '--db', db, '--year', '2025')).code).toBe(0);
      await execute(db, 'DROP TABLE scd_workforce_state; CREATE TABLE scd_workforce_state AS SELECT 1 AS x');
      for (const args of [
        ['run', '--all'],
        ['run', '--all', '--full-refresh'],
        ['run', '--all', '--inline'],
        ['rewind', '--to', '2024'],
        ['check'],
        ['export', '--out', join(dir, 'ex')],
        ['as-of', '--year', '2025'],
      ]) {
        const result = await on(db, args);
        expect([result.code, result.stderr], args.join(' ')).toEqual([ExitCode.badInput, notOurs(HISTORY)]);
      }
      expect(await query(db, 'SELECT x FROM scd_workforce_state')).toEqual([{ x: 1 }]);
      expect(existsSync(join(dir, 'ex'))).toBe(false);
    });
  });

  it("2: a copy of the history put in its place is the user's: a full refresh and a rewind leave it be", async () => {
    await withSnapshotDb(async (db) => {
      expect((await cli('run', '--db', db, '--all')).code).toBe(0);
      await execute(
        db,
        `CREATE TABLE mine AS SELECT * FROM scd_workforce_state; DROP TABLE scd_workforce_state;
         ALTER TABLE mine RENAME TO scd_workforce_state`,
      );
      const copy = await historyFingerprint(db);
      for (const args of [
        ['run', '--full-refresh'],
        ['rewind', '--to', '2025'],
      ]) {
        const result = await on(db, args);
        expect([result.code, result.stderr], args.join(' ')).toEqual([ExitCode.badInput, notOurs(HISTORY)]);
      }
      expect(await historyFingerprint(db)).toBe(copy);
      // The way out the message names: renamed, the user's table is kept and the history rebuilt.
      await execute(db, 'ALTER TABLE scd_workforce_state RENAME TO kept');
      expect((await cli('run', '--db', db, '--full-refresh')).code).toBe(0);
      expect((await cli('check', '--db', db)).code).toBe(0);
      expect(await historyFingerprint(db, 'kept')).toBe(copy);
    });
  });

  it('2: a history recorded before marks is marked by its next write; replaced, refused', async () => {
    await withSnapshotDb(async (db) => {
      expect((await cli('run', '--db', db, '--year', '2025')).code).toBe(0);
      // What an earlier version left: no token recorded, no comment on the table.
      const legacy = `ALTER TABLE scd_parallel_histories DROP COLUMN IF EXISTS table_token;
        COMMENT ON TABLE scd_workforce_state IS NULL`;
      await execute(db, legacy);
      expect((await cli('check', '--db', db)).code).toBe(0);
      expect((await cli('run', '--db', db, '--year', '2026')).code).toBe(0);
      const marked = await markOf(db, 'scd_workforce_state');
      expect(marked?.comment).toBe(`scd-parallel history "main"."scd_workforce_state" ${marked?.token}`);
      expect(marked?.token).toMatch(/^[0-9a-f-]{36}$/);
      expect((await cli('run', '--db', db, '--all')).code).toBe(0);
      expect((await cli('check', '--db', db)).code).toBe(0);
      // Unmarked and replaced: only the history's own shape passes for it.
      await execute(db, `${legacy}; DROP TABLE scd_workforce_state; CREATE TABLE scd_workforce_state AS SELECT 1 AS x`);
      for (const args of [['run', '--full-refresh'], ['rewind', '--to', '2025'], ['check']]) {
        const result = await on(db, args);
        expect([result.code, result.stderr], args.join(' ')).toEqual([
          ExitCode.badInput,
          notOurs('scd_workforce_state', "it lacks the history's columns: the table was replaced"),
        ]);
      }
      expect(await query(db, 'SELECT x FROM scd_workforce_state')).toEqual([{ x: 1 }]);
    });
  });

  it('2: a full refresh of a history without periods, with new settings, swaps out its proved table', async () => {
    await withSnapshotDb(async (db) => {
      expect((await cli('run', '--db', db, '--year', '2025')).code).toBe(0);
      expect((await cli('rewind', '--db', db, '--to', '2024')).code).toBe(0);
      const refresh = await cli('run', '--db', db, '--full-refresh', '--tracked', 'job_level');
      expect([refresh.code, refresh.stderr]).toEqual([0, '']);
      expect((await cli('check', '--db', db)).code).toBe(0);
    });
  });

  it('2: an adopted dbt snapshot is marked when adopted, its own comment kept in front of the mark', async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'sim.duckdb');
      const table = 'fct_workforce_snapshot';
      await generateWorkforce({ db, table, employees: 50, startYear: 2025, years: 2, seed: 3 });
      const at = "TIMESTAMPTZ '2026-01-05 09:00:00+00'";
      const docs = 'workforce history, documented by dbt';
      await execute(
        db,
        `CREATE TABLE snap AS SELECT *, md5(employee_id) AS dbt_scd_id, ${at} AS dbt_updated_at,
           ${at} AS dbt_valid_from, CAST(NULL AS TIMESTAMPTZ) AS dbt_valid_to
         FROM fct_workforce_snapshot WHERE simulation_year = 2025;
         COMMENT ON TABLE snap IS '${docs}'`,
      );
      expect((await cli('adopt', '--db', db, '--target', 'snap')).code).toBe(0);
      const marked = await markOf(db, 'snap');
      expect(marked?.comment).toBe(`${docs}\nscd-parallel history "main"."snap" ${marked?.token}`);
      // Adopted by an earlier version, without a mark: its shape proves it, and its next write marks it.
      await execute(
        db,
        `ALTER TABLE scd_parallel_histories DROP COLUMN table_token;
        COMMENT ON TABLE snap IS '${docs}'`,
      );
      expect((await cli('run', '--db', db, '--all')).code).toBe(0);
      const again = await markOf(db, 'snap');
      expect(again?.comment).toBe(`${docs}\nscd-parallel history "main"."snap" ${again?.token}`);
      await execute(db, 'CREATE TABLE copy AS SELECT * FROM snap; DROP TABLE snap; ALTER TABLE copy RENAME TO snap');
      const rewind = await cli('rewind', '--db', db, '--to', '2025');
      expect([rewind.code, rewind.stderr]).toEqual([ExitCode.badInput, notOurs('snap')]);
    });
  });
});

describe('12: a target where no table can be created', () => {
  it.each([
    ['nocat.main.x', 'catalog nocat does not exist'],
    ['system.main.x', "catalog system is DuckDB's internal catalog"],
    ['temp.main.x', 'catalog temp holds temporary tables, lost when the database closes'],
    ['information_schema.x', "schema information_schema is DuckDB's own and read-only"],
    ['pg_catalog.x', "schema pg_catalog is DuckDB's own and read-only"],
    ['system.x', 'system names a catalog too, so DuckDB cannot tell which is meant'],
    ['sim.x', 'sim names a catalog too, so DuckDB cannot tell which is meant'],
  ])('12: --target %s is exit 2 naming the problem, with nothing created', async (target, why) => {
    await withSnapshotDb(async (db) => {
      const before = await objects(db);
      for (const mode of [[], ['--full-refresh'], ['--inline']]) {
        const result = await cli('run', '--db', db, '--all', '--target', target, ...mode);
        expect([result.code, result.stderr], mode.join(' ')).toEqual([
          ExitCode.badInput,
          `scd-parallel: cannot create history table ${target}: ${why} ` +
            '(name a table of the database, e.g. main.x)\n',
        ]);
      }
      expect(await objects(db)).toEqual(before);
    });
  });

  it('12: a catalog attached read-only (to an instance lent to the library) takes no history', async () => {
    await withSnapshotDb(async (db, dir) => {
      await execute(join(dir, 'ro.duckdb'), 'CREATE TABLE t AS SELECT 1 AS x');
      const before = await objects(db);
      const instance = await DuckDBInstance.create(db);
      try {
        const connection = await instance.connect();
        await connection.run(`ATTACH '${join(dir, 'ro.duckdb')}' AS ro (READ_ONLY)`);
        connection.closeSync();
        const table = { targetTable: 'ro.main.x' };
        const run = runScd({ db, instance, selection: { kind: 'all' }, table, logger: silent });
        const why = 'catalog ro is read-only (name a table of the database, e.g. main.x)';
        const message = `cannot create history table ro.main.x: ${why}`;
        await expect(run).rejects.toMatchObject({ exitCode: ExitCode.badInput, message });
      } finally {
        instance.closeSync();
      }
      expect(await objects(db)).toEqual(before);
    });
  });

  it('12: a schema of the database that does not exist yet is still created, as the README says', async () => {
    await withSnapshotDb(async (db) => {
      expect(await cli('run', '--db', db, '--all', '--target', 'nocat.x')).toMatchObject({ code: 0, stderr: '' });
      expect((await cli('check', '--db', db)).code).toBe(0);
    });
  });
});

describe('14: demo decides everything before it writes', () => {
  it('14: demo --replace on a file whose histories read its snapshot table refuses up front, naming them', async () => {
    await withSnapshotDb(async (db) => {
      expect((await cli('run', '--db', db, '--all')).code).toBe(0);
      expect((await cli('run', '--db', db, '--all', '--target', 'other')).code).toBe(0);
      const before = await historyFingerprint(db, 'fct_workforce_snapshot');
      const result = await cli('demo', '--db', db, '--replace', '--employees', '10', '--years', '1');
      expect([result.code, result.stderr]).toEqual([
        ExitCode.badInput,
        'scd-parallel: demo would replace table fct_workforce_snapshot, the source of histories other, ' +
          'scd_workforce_state; nothing was changed (give another --db)\n',
      ]);
      expect(result.stdout).toBe('');
      expect(await historyFingerprint(db, 'fct_workforce_snapshot')).toBe(before);
      for (const target of ['scd_workforce_state', 'other']) {
        expect((await cli('check', '--db', db, '--target', target)).code, target).toBe(0);
      }
    });
  });

  it('14: demo --replace beside histories of other sources runs a history of its own and leaves theirs', async () => {
    await withSnapshotDb(async (db) => {
      await execute(db, 'CREATE TABLE mine AS SELECT * FROM fct_workforce_snapshot');
      for (const target of ['h1', 'h2']) {
        expect((await cli('run', '--db', db, '--all', '--source', 'mine', '--target', target)).code).toBe(0);
      }
      const result = await cli('demo', '--db', db, '--replace', '--employees', '10', '--years', '2');
      expect([result.code, result.stderr]).toEqual([0, '']);
      for (const target of ['h1', 'h2', 'scd_workforce_state']) {
        expect((await cli('check', '--db', db, '--target', target)).code, target).toBe(0);
      }
    });
  });

  it("14: demo --replace where its history's name is taken refuses before replacing anything", async () => {
    await withSnapshotDb(async (db) => {
      await execute(db, 'CREATE TABLE scd_workforce_state AS SELECT 42 AS answer');
      const before = await historyFingerprint(db, 'fct_workforce_snapshot');
      const result = await cli('demo', '--db', db, '--replace', '--employees', '10', '--years', '1');
      expect([result.code, result.stderr]).toEqual([
        ExitCode.badInput,
        'scd-parallel: demo writes history scd_workforce_state, but the database holds a table of that name; ' +
          'nothing was changed (give another --db)\n',
      ]);
      expect(await historyFingerprint(db, 'fct_workforce_snapshot')).toBe(before);
    });
  });
});

describe('16: names are recorded as data', () => {
  it('16: a source whose name holds a / or reads like a Parquet file is read as that table by every run', async () => {
    await withSnapshotDb(async (db) => {
      await execute(
        db,
        `CREATE TABLE "a/b" AS SELECT * FROM fct_workforce_snapshot; CREATE SCHEMA x;
         CREATE TABLE x.parquet AS SELECT * FROM fct_workforce_snapshot`,
      );
      for (const [source, target] of [
        ['"a/b"', 'h1'],
        ['x."parquet"', 'h2'],
        ['"a/b*"', 'h3'],
      ] as const) {
        if (source === '"a/b*"') await execute(db, 'CREATE TABLE "a/b*" AS SELECT * FROM fct_workforce_snapshot');
        const first = await cli('run', '--db', db, '--year', '2025', '--source', source, '--target', target);
        expect(first.code, source).toBe(0);
        const next = await cli('run', '--db', db, '--all', '--target', target);
        expect([next.code, next.stderr], source).toEqual([0, '']);
        expect((await cli('run', '--db', db, '--full-refresh', '--target', target)).code, source).toBe(0);
        expect((await cli('check', '--db', db, '--target', target)).code, source).toBe(0);
      }
      expect(await query(db, 'SELECT source_table FROM scd_parallel_histories ORDER BY 1')).toEqual([
        { source_table: '"a/b"' },
        { source_table: '"a/b*"' },
        { source_table: 'x."parquet"' },
      ]);
    });
  });

  it('16: every table name round-trips exactly through what is recorded, and every glob too (property)', () => {
    const odd = fc.constantFrom('parquet', 'PARQUET', 'a.parquet', '*', '/', 'x/y', ' a', 'b ', '"', 'a""b');
    const part = fc.oneof(fc.string({ minLength: 1, maxLength: 8 }), odd);
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 3 }), (parts) => {
        const source = parseSource(parts.map(quotedIdentifier).join('.'));
        expect(source.kind === 'table' && source.table.parts).toEqual(parts);
        // A source is recorded as its spec's name, read back by parseSource; a target by TableName.parse.
        const again = parseSource(source.name);
        expect(again.kind === 'table' && again.table.parts).toEqual(parts);
        expect(again.name).toBe(source.name);
        expect(TableName.parse(TableName.parse(source.name).name).parts).toEqual(parts);
      }),
      { numRuns: 3000 },
    );
    const plain = fc.string({ minLength: 1, maxLength: 6 }).filter((s) => !s.includes('/'));
    const segment = fc.oneof(plain, fc.constantFrom('"a"', '**', '*.parquet', '..', '.'));
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 3 }), (segments) => {
        const files = parseSource(`/data/${segments.join('/')}.parquet`);
        expect(files.kind).toBe('files');
        const again = parseSource(files.name);
        expect([again.kind, again.name]).toEqual(['files', files.name]);
      }),
      { numRuns: 1000 },
    );
  });
});

const ENGINE = "scd-parallel's ";

describe("17: the engine's bookkeeping is never a source", () => {
  it.each([
    ['scd_parallel_periods', ['--key', 'target_table', '--tracked', 'rows_read'], `${ENGINE}ledger of applied periods`],
    [
      'scd_parallel_histories',
      ['--key', 'target_table', '--tracked', 'engine_version'],
      `${ENGINE}record of history settings`,
    ],
    [
      'mon_scd_integrity_checks',
      ['--key', 'target_table,run_id,check_name', '--tracked', 'violations'],
      "one of scd-parallel's monitoring tables",
    ],
    [
      'scd_workforce_state__scd_rebuild',
      ['--key', 'employee_id', '--tracked', 'annual_salary'],
      "the rebuild table of scd_workforce_state's full refresh, which scd-parallel manages",
    ],
  ])('17: --source %s is refused, exit 2, and nothing is written', async (source, flags, role) => {
    await withSnapshotDb(async (db) => {
      expect((await cli('run', '--db', db, '--all')).code).toBe(0);
      await execute(db, LEFT_REBUILD);
      const before = await objects(db);
      const ledger = await query(db, 'SELECT * FROM scd_parallel_periods ORDER BY ALL');
      const period = source.startsWith('scd_workforce') ? 'simulation_year' : 'period';
      const run = [
        'run',
        '--all',
        '--source',
        source,
        '--target',
        'h2',
        '--period',
        period,
        '--effective-date',
        'year-end',
      ];
      const result = await on(db, [...run, ...flags]);
      expect([result.code, result.stderr]).toEqual([
        ExitCode.badInput,
        `scd-parallel: source ${source} is ${role}, which the engine writes; ` +
          'it cannot be a source (name the snapshot table)\n',
      ]);
      expect(await objects(db)).toEqual(before);
      expect(await query(db, 'SELECT * FROM scd_parallel_periods ORDER BY ALL')).toEqual(ledger);
    });
  });
});

describe('18: messages say what is true', () => {
  it("18: the engine's own tables named as --target are named for what they are", async () => {
    await withSnapshotDb(async (db) => {
      expect((await cli('run', '--db', db, '--all')).code).toBe(0);
      await execute(db, LEFT_REBUILD);
      const before = await objects(db);
      const untouched = 'not a history; it is left untouched (name another --target)';
      for (const [target, message] of [
        [
          'scd_workforce_state__scd_rebuild',
          "table scd_workforce_state__scd_rebuild is the rebuild table of scd_workforce_state's full refresh, " +
            'which scd-parallel manages, not a history; it is left untouched (name scd_workforce_state as --target)',
        ],
        [
          'other__scd_rebuild',
          "history table other__scd_rebuild would take the name of the rebuild table of other's full refresh; " +
            'name another --target',
        ],
        ['scd_parallel_periods', `table scd_parallel_periods is ${ENGINE}ledger of applied periods, ${untouched}`],
        ['scd_parallel_histories', `table scd_parallel_histories is ${ENGINE}record of history settings, ${untouched}`],
        ['mon_chunk_latency', `table mon_chunk_latency is one of scd-parallel's monitoring tables, ${untouched}`],
      ] as const) {
        for (const mode of [['--all'], ['--full-refresh']]) {
          const result = await cli('run', '--db', db, ...mode, '--target', target);
          const expected = [ExitCode.badInput, `scd-parallel: ${message}\n`];
          expect([result.code, result.stderr], `${target} ${mode}`).toEqual(expected);
        }
      }
      expect(await objects(db)).toEqual(before);
    });
  });

  const range = '(from -9007199254740991 to 9007199254740991)';
  const refused = (flag: string, argument: string, text = argument) =>
    `error: option '${flag}' argument '${argument}' is invalid. integer out of range: ${text} ${range}\n`;

  it.each([
    [['rewind', '--to', '99999999999999999999'], '--to <period>'],
    [['rewind', '--to', '-9007199254740993'], '--to <period>'],
    [['run', '--year', '9007199254740992'], '--year <year>'],
    [['run', '--all', '--workers', '99999999999999999999'], '--workers <n>'],
    [['run', '--all', '--chunks', '1000000000000000000000'], '--chunks <n|auto>'],
    [['as-of', '--year', '123456789012345678901234'], '--year <period>'],
    [['generate', '--seed', '18446744073709551616'], '--seed <n>'],
    [['report', '--runs', '99999999999999999999'], '--runs <n>'],
  ])('18: an integer flag out of the exact range is refused with the text as given: %j', async (args, flag) => {
    const result = await on('x.duckdb', args);
    expect([result.code, result.stderr]).toEqual([ExitCode.badInput, refused(flag, args.at(-1) as string)]);
  });

  it('18: a memory size past the exact range is refused with its text, not blamed on the database', async () => {
    const result = await cli('run', '--db', 'x.duckdb', '--all', '--memory-limit', '99999999999999999999999');
    expect([result.code, result.stderr]).toEqual([
      ExitCode.badInput,
      "error: option '--memory-limit <size>' argument '99999999999999999999999' is invalid. " +
        'memory size out of range: 99999999999999999999999 (at most 9007199254740991 bytes)\n',
    ]);
  });

  it('18: a year range past the exact range is refused with its text, not run to its rounded end', async () => {
    const result = await cli('run', '--db', 'x.duckdb', '--years', '2025-99999999999999999999');
    expect([result.code, result.stderr]).toEqual([
      ExitCode.badInput,
      refused('--years <from-to>', '2025-99999999999999999999', '99999999999999999999'),
    ]);
  });
});

describe('21: a first run that fails leaves nothing', () => {
  const fault = async <T>(rule: string, fn: () => Promise<T>): Promise<T> => {
    process.env.SCD_PARALLEL_FAULT = rule;
    try {
      return await fn();
    } finally {
      delete process.env.SCD_PARALLEL_FAULT;
    }
  };

  const failFirst = (db: string, ...args: string[]) =>
    fault('worker-throw:2025:0:99', () => cli('run', '--db', db, '--all', '--retries', '0', ...args));

  it('21: a worker failure (exit 4), an error in a period (70 or 2): table, settings, ledger, schema go', async () => {
    await withSnapshotDb(async (db) => {
      const before = await objects(db);
      expect((await failFirst(db, '--target', 'fresh.hist')).code).toBe(ExitCode.workerFailed);
      expect(await objects(db)).toEqual(before);
      // A cast that fails only when the period's rows are read, after the history was created.
      const cast = "CAST(CASE WHEN employee_id = 'B' THEN 'x' ELSE '1' END AS INTEGER)";
      await execute(db, `CREATE VIEW bad AS SELECT * REPLACE (${cast} AS note) FROM fct_workforce_snapshot`);
      const withView = await objects(db);
      for (const mode of [['--inline'], ['--chunks', '2'], ['--full-refresh']]) {
        const result = await cli('run', '--db', db, '--all', '--source', 'bad', '--tracked', 'note', ...mode);
        expect([ExitCode.internal, ExitCode.badInput], mode.join(' ')).toContain(result.code);
        expect(await objects(db), mode.join(' ')).toEqual(withView);
      }
      expect((await cli('run', '--db', db, '--all', '--target', 'fresh.hist')).code).toBe(0);
      expect((await cli('check', '--db', db)).code).toBe(0);
    });
  });

  it('21: a first run stopped by a signal before its first commit leaves nothing', async () => {
    await withSnapshotDb(async (db, dir) => {
      const before = await objects(db);
      const resume = join(dir, 'resume');
      process.env.SCD_PARALLEL_RESUME = resume;
      const controller = new AbortController();
      try {
        const options = { db, selection: { kind: 'all' }, signal: controller.signal, logger: silent } as const;
        const run = fault('pause:insert:2025', () => runScd(options));
        while (!existsSync(`${resume}.paused`)) await new Promise((r) => setTimeout(r, 20));
        controller.abort('SIGINT');
        writeFileSync(resume, '');
        const none = expect.stringMatching(/committed by this run: none$/);
        const stopped = { exitCode: ExitCode.interrupt, message: none };
        await expect(run).rejects.toMatchObject(stopped);
      } finally {
        delete process.env.SCD_PARALLEL_RESUME;
      }
      expect(await objects(db)).toEqual(before);
    });
  });

  it('21: beside a history of its own, a failed first run of another takes back only what it made', async () => {
    await withSnapshotDb(async (db) => {
      expect((await cli('run', '--db', db, '--all')).code).toBe(0);
      const before = await objects(db);
      const ledger = await query(db, 'SELECT * FROM scd_parallel_periods ORDER BY ALL');
      const settings = await query(db, 'SELECT * FROM scd_parallel_histories ORDER BY ALL');
      expect((await failFirst(db, '--target', 'second')).code).toBe(ExitCode.workerFailed);
      expect(await objects(db)).toEqual(before);
      expect(await query(db, 'SELECT * FROM scd_parallel_periods ORDER BY ALL')).toEqual(ledger);
      expect(await query(db, 'SELECT * FROM scd_parallel_histories ORDER BY ALL')).toEqual(settings);
    });
  });

  it('21: a first run that committed a period before failing keeps it', async () => {
    await withSnapshotDb(async (db) => {
      const failed = await fault('worker-throw:2026:0:99', () => cli('run', '--db', db, '--all', '--retries', '0'));
      expect(failed.code).toBe(ExitCode.workerFailed);
      expect(await query(db, 'SELECT period FROM scd_parallel_periods')).toEqual([{ period: '2025' }]);
      expect((await cli('run', '--db', db, '--all')).code).toBe(0);
    });
  });

  it("21: a Parquet source's first run that fails removes the database it created", async () => {
    await withTempDir(async (dir) => {
      const parquet = join(dir, 'snap.parquet');
      expect((await cli('generate', '--parquet', parquet, '--employees', '20', '--years', '2')).code).toBe(0);
      const db = join(dir, 'history.duckdb');
      expect((await failFirst(db, '--source', parquet)).code).toBe(ExitCode.workerFailed);
      expect(existsSync(db)).toBe(false);
      expect(existsSync(`${db}.wal`)).toBe(false);
    });
  });

  const root = process.getuid?.() === 0;
  it.runIf(root)('21: a first run that fails on a full temp dir (exit 5) leaves nothing', async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'sim.duckdb');
      await cli('generate', '--db', db, '--employees', '20000', '--years', '2');
      const before = await objects(db);
      const { execFileSync } = await import('node:child_process');
      const { mkdirSync } = await import('node:fs');
      const mount = join(dir, 'tmpfs');
      mkdirSync(mount);
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mount]);
      try {
        const result = await cli('run', '--db', db, '--all', '--chunks', '2', '--temp-dir', mount);
        expect(result.code).toBe(ExitCode.resources);
      } finally {
        execFileSync('umount', [mount]);
      }
      expect(await objects(db)).toEqual(before);
      expect((await cli('run', '--db', db, '--all')).code).toBe(0);
    });
  });
});
