import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/index.js';
import {
  cli,
  execute,
  historyFingerprint,
  query,
  THREE_YEARS,
  withSnapshotDb,
  withTempDir,
  writeSnapshot,
} from '../../support/helpers.js';
import { type Paused, pausedRun, withTmpfs } from '../../support/paused-run.js';

/** Defects a hostile test found (issue 12), each reproduced here first. */

const tableNames = async (db: string) =>
  (await query<{ t: string }>(db, `SELECT table_name AS t FROM duckdb_tables() ORDER BY 1`)).map((r) => r.t);

describe('wrong history with exit 0', () => {
  it('3: a full refresh naming the history in other case rebuilds that history and its ledger', async () => {
    await withSnapshotDb(async (db) => {
      expect((await cli('run', '--db', db, '--all')).code).toBe(0);
      expect(
        (await cli('run', '--db', db, '--full-refresh', '--year', '2025', '--target', 'SCD_WORKFORCE_STATE')).code,
      ).toBe(0);
      expect(await query(db, 'SELECT period FROM scd_parallel_periods ORDER BY 1')).toEqual([{ period: '2025' }]);
      const next = JSON.parse((await cli('run', '--db', db, '--all', '--json')).stdout);
      expect(next.periods.map((p: { period: number; status: string }) => [p.period, p.status])).toEqual([
        [2025, 'already-applied'],
        [2026, 'applied'],
        [2027, 'applied'],
      ]);
      expect((await cli('check', '--db', db)).code).toBe(0);
    });
  });

  it('3: the source named as target in other case is refused, exit 2', async () => {
    await withSnapshotDb(async (db) => {
      const result = await cli('run', '--db', db, '--all', '--target', 'FCT_WORKFORCE_SNAPSHOT');
      expect([result.code, result.stderr]).toEqual([
        ExitCode.badInput,
        'scd-parallel: source and target are the same table fct_workforce_snapshot\n',
      ]);
    });
  });

  it('5: a NULL period is bad input naming how many rows, and nothing is written', async () => {
    await withSnapshotDb(async (db) => {
      await execute(db, `UPDATE fct_workforce_snapshot SET simulation_year = NULL WHERE simulation_year = 2026`);
      const result = await cli('run', '--db', db, '--all');
      expect([result.code, result.stderr]).toEqual([
        ExitCode.badInput,
        'scd-parallel: period column simulation_year is NULL in 2 rows\n',
      ]);
      expect(await tableNames(db)).toEqual(['fct_workforce_snapshot']);
    });
  });

  it('6: BIGINT periods past 2^53 are refused up front, not rounded together', async () => {
    await withSnapshotDb(async (db) => {
      await execute(
        db,
        `ALTER TABLE fct_workforce_snapshot ALTER simulation_year TYPE BIGINT;
         UPDATE fct_workforce_snapshot SET simulation_year = 9007199254740993 + (simulation_year - 2025)`,
      );
      const result = await cli('run', '--db', db, '--all');
      expect([result.code, result.stderr]).toEqual([
        ExitCode.badInput,
        'scd-parallel: period 9007199254740993 in simulation_year ' +
          'is outside the safe integer range (±9007199254740991)\n',
      ]);
      expect(await tableNames(db)).toEqual(['fct_workforce_snapshot']);
    });
  });
});

describe('correctness of unusual but valid input', () => {
  it('12: a tracked column whose name holds a comma works on every later run', async () => {
    await withSnapshotDb(async (db) => {
      await execute(db, `ALTER TABLE fct_workforce_snapshot RENAME annual_salary TO "pay, annual"`);
      expect(
        (
          await cli(
            'run',
            '--db',
            db,
            '--year',
            '2025',
            '--config',
            await configFile(db, { trackedColumns: ['pay, annual', 'job_level'] }),
          )
        ).code,
      ).toBe(0);
      const next = await cli('run', '--db', db, '--all');
      expect([next.code, next.stderr]).toEqual([0, '']);
      expect((await cli('check', '--db', db)).code).toBe(0);
    });
  });

  it("13: source columns named like the engine's internal names are carried through every path", async () => {
    const odd = ['d', 'p', 'idx', '__d', '__h', '__idx', 'k0', 'h', 'action', 'chunk'];
    for (const mode of [['--full-refresh'], ['--inline'], ['--chunks', '3']]) {
      await withSnapshotDb(async (db) => {
        await execute(
          db,
          odd.map((c) => `ALTER TABLE fct_workforce_snapshot ADD COLUMN "${c}" INTEGER DEFAULT 1;`).join('\n'),
        );
        const result = await cli('run', '--db', db, '--all', ...mode);
        expect([result.code, result.stderr], mode.join(' ')).toEqual([0, '']);
        expect((await cli('check', '--db', db)).code).toBe(0);
        expect(await query(db, 'SELECT count(*) AS n FROM scd_workforce_state')).toEqual([{ n: '6' }]);
      });
    }
    await withSnapshotDb(async (db) => {
      await execute(db, `ALTER TABLE fct_workforce_snapshot ADD COLUMN "__SCD_x" INTEGER`);
      const result = await cli('run', '--db', db, '--all', '--full-refresh');
      expect([result.code, result.stderr]).toEqual([
        ExitCode.badInput,
        "scd-parallel: source column __SCD_x starts with __scd_, which is reserved for the engine's internal names\n",
      ]);
    });
  });
});

async function configFile(db: string, config: object): Promise<string> {
  const { writeFileSync } = await import('node:fs');
  const path = `${db}.config.json`;
  writeFileSync(path, JSON.stringify(config));
  return path;
}

describe('data loss', () => {
  it("2: demo --db on an existing file keeps that file's snapshot table unless --replace", async () => {
    await withSnapshotDb(async (db) => {
      const result = await cli('demo', '--db', db, '--employees', '10', '--years', '1');
      expect(result.code).toBe(ExitCode.badInput);
      expect(result.stderr).toBe(
        `scd-parallel: table fct_workforce_snapshot already exists in ${db} (use --replace)\n`,
      );
      expect(await query(db, 'SELECT count(*) AS n FROM fct_workforce_snapshot')).toEqual([{ n: '6' }]);
      expect((await cli('demo', '--db', `${db}.new.duckdb`, '--employees', '10', '--years', '2')).code).toBe(0);
    });
  });
});

describe('exit codes and messages that mislead', () => {
  it('8: "block" is not "lock": a text file in blocked/ is no database; too little memory: out of memory', async () => {
    await withTempDir(async (dir) => {
      const { mkdirSync, writeFileSync } = await import('node:fs');
      mkdirSync(join(dir, 'blocked'));
      const text = join(dir, 'blocked', 'x.duckdb');
      writeFileSync(text, 'hello\n'.repeat(100));
      expect(await cli('run', '--db', text, '--all')).toMatchObject({
        code: ExitCode.badInput,
        stderr: `scd-parallel: ${text} is not a DuckDB database\n`,
      });
    });
    await withSnapshotDb(async (db) => {
      for (const mode of [[], ['--inline']]) {
        const result = await cli('run', '--db', db, '--all', '--memory-limit', '1000', ...mode);
        expect(result.code, mode.join(' ')).toBe(ExitCode.resources);
        expect(result.stderr).toMatch(
          new RegExp(
            '^scd-parallel: out of memory under the memory limit \\d+ bytes; ' +
              'raise --memory-limit or lower --workers: failed to pin block',
          ),
        );
      }
      expect(await tableNames(db)).toEqual(['fct_workforce_snapshot']);
    });
  });

  it.runIf(process.getuid?.() === 0)(
    '9: a full disk is its own exit code naming the path, and the history stays intact',
    async () => {
      await withTempDir(async (dir) => {
        const db = join(dir, 'sim.duckdb');
        await cli('generate', '--db', db, '--employees', '20000', '--years', '2');
        await withTmpfs(dir, '64k', async (mount) => {
          const result = await cli('run', '--db', db, '--all', '--chunks', '2', '--temp-dir', mount);
          expect(result.code).toBe(ExitCode.resources);
          expect(result.stderr).toMatch(
            new RegExp(
              `^scd-parallel: no space left on device: Could not write file ` +
                `"${mount}/scd-sim.duckdb-\\w+/run-.*": No space left on device\\n$`,
            ),
          );
        });
        // A first run that failed takes back all it made (issue 23, item 21).
        expect(await tableNames(db)).toEqual(['fct_workforce_snapshot']);
        expect((await cli('run', '--db', db, '--all')).code).toBe(0);
      });
      // The database's own disk full: the WAL fails at COMMIT.
      await withTempDir(async (dir) => {
        await withTmpfs(dir, '4m', async (mount) => {
          const db = join(mount, 'sim.duckdb');
          await cli('generate', '--db', db, '--employees', '15000', '--years', '3');
          const result = await cli('run', '--db', db, '--all', '--inline');
          expect(result.code).toBe(ExitCode.resources);
          expect(result.stderr).toBe(
            `scd-parallel: no space left on device: Could not write file "${db}.wal": No space left on device\n`,
          );
        });
      });
    },
  );

  it('10: a damaged block found after opening is a corrupt database, exit 2', async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'sim.duckdb');
      await cli('generate', '--db', db, '--employees', '3000', '--years', '2');
      const { closeSync, openSync, writeSync } = await import('node:fs');
      const fd = openSync(db, 'r+');
      writeSync(fd, Buffer.alloc(4096, 7), 0, 4096, 4096 * 3);
      closeSync(fd);
      for (const command of [['check'], ['run', '--all']]) {
        const result = await cli(command[0] as string, '--db', db, ...command.slice(1));
        expect(result.code, command[0]).toBe(ExitCode.badInput);
        expect(result.stderr).toMatch(
          new RegExp(
            `^scd-parallel: database ${db} is corrupt: Corrupt database file: computed ` +
              `checksum \\d+ does not match stored checksum \\d+ in block at location \\d+\\n$`,
          ),
        );
      }
    });
  });

  it('11: a Parquet file as --db is not a DuckDB database, and nothing is created beside it', async () => {
    await withTempDir(async (dir) => {
      const parquet = join(dir, 'sim.parquet');
      await cli('generate', '--parquet', parquet, '--employees', '10', '--years', '1');
      for (const command of ['run', 'check', 'report']) {
        const result = await cli(command, '--db', parquet, ...(command === 'run' ? ['--all'] : []));
        expect([result.code, result.stderr], command).toEqual([
          ExitCode.badInput,
          `scd-parallel: ${parquet} is not a DuckDB database\n`,
        ]);
      }
      const { readdirSync } = await import('node:fs');
      expect(readdirSync(dir)).toEqual(['sim.parquet']);
    });
  });
});

describe('14: key types and the exchange with workers', () => {
  async function withKeyType<T>(type: string, values: readonly string[], fn: (db: string) => Promise<T>): Promise<T> {
    return withTempDir(async (dir) => {
      const db = join(dir, 'sim.duckdb');
      const rows = [2025, 2026].flatMap((y) =>
        values.map((v, i) => `(CAST(${v} AS ${type}), ${y}, ${y === 2026 && i === 0 ? 2 : 1}, DATE '${y}-12-31')`),
      );
      await execute(
        db,
        `CREATE TABLE s (id ${type}, year INTEGER, pay INTEGER, d DATE); INSERT INTO s VALUES ${rows.join(', ')}`,
      );
      return fn(db);
    });
  }
  const flags = (db: string) => [
    '--db',
    db,
    '--source',
    's',
    '--key',
    'id',
    '--period',
    'year',
    '--effective-date',
    'd',
    '--tracked',
    'pay',
  ];

  it.each([
    ['HUGEINT', ['9007199254740993', '9007199254740994']],
    ['INTERVAL', ['INTERVAL 1 MONTH', 'INTERVAL 1 DAY']],
    ['TIME WITH TIME ZONE', [`'12:00:00+05'`, `'12:00:00+00'`]],
    ['BIT', [`'101'`, `'0101'`]],
  ])('%s is refused up front on every path, exit 2, nothing written', async (type, values) => {
    await withKeyType(type, values, async (db) => {
      for (const mode of [[], ['--inline'], ['--full-refresh']]) {
        const result = await cli('run', ...flags(db), '--all', ...mode);
        expect([result.code, result.stderr], mode.join(' ')).toEqual([
          ExitCode.badInput,
          `scd-parallel: key column id has type ${type}, which the exchange with ` +
            `workers cannot carry exactly; cast it in a view (to VARCHAR, say)\n`,
        ]);
      }
      expect(await tableNames(db)).toEqual(['s']);
    });
  });

  it.each([
    ['UBIGINT', ['9007199254740993', '9007199254740994']],
    ['DECIMAL(38, 10)', ['1234567890123456789012345678.0123456789', '1234567890123456789012345678.0123456788']],
    ['TIMESTAMP_NS', [`'2020-01-01 00:00:00.123456789'`, `'2020-01-01 00:00:00.123456788'`]],
    ['UUID', [`'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'`, `'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12'`]],
  ])('%s keys stay exact: workers and inline agree', async (type, values) => {
    await withKeyType(type, values, async (db) => {
      const histories: unknown[] = [];
      for (const mode of [['--chunks', '3'], ['--inline']]) {
        const run = await cli('run', ...flags(db), '--all', ...mode);
        expect([run.code, run.stderr], mode.join(' ')).toEqual([0, '']);
        expect((await cli('check', '--db', db)).code).toBe(0);
        histories.push(
          await query(
            db,
            `SELECT CAST(id AS VARCHAR) AS id, pay, CAST(dbt_valid_to AS ` +
              `VARCHAR) AS valid_to FROM scd_workforce_state ORDER BY ALL`,
          ),
        );
        await execute(
          db,
          'DROP TABLE scd_workforce_state; DROP TABLE scd_parallel_periods; DROP TABLE scd_parallel_histories',
        );
      }
      expect(histories[0]).toEqual(histories[1]);
      expect(histories[0]).toHaveLength(3);
    });
  });
});

/**
 * The CLI in a child process, paused at `pause` (a fault point), sent `signal` there, then resumed; or killed by a
 * `kill:` rule.
 */
async function signalledRun(
  args: readonly string[],
  pause: string,
  signal: NodeJS.Signals | undefined,
  env: Record<string, string> = {},
) {
  const db = args[args.indexOf('--db') + 1];
  // Beside the database, or in the child's TMPDIR: never in the working tree.
  const base = args.includes('--db') && db !== undefined ? join(db, '..') : env.TMPDIR;
  if (base === undefined) throw new Error('signalledRun needs --db or a TMPDIR');
  const atPause = async ({ child, stderrHas }: Paused) => {
    if (signal === undefined) return;
    child.kill(signal);
    await stderrHas(`${signal} received`);
  };
  const { code, stderr } = await pausedRun(base, [...args, '--log-level', 'silent'], pause, atPause, env);
  return { code, stderr };
}

describe('clean-up and signals', () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
    ['SIGHUP', 129],
  ] as const)(
    '15: %s stops after the statement in progress, rolls the ' +
      'period back, removes temp files and says what was committed',
    async (signal, code) => {
      await withSnapshotDb(async (db) => {
        const result = await signalledRun(['run', '--db', db, '--all', '--chunks', '2'], 'pause:insert:2026', signal);
        expect(result).toEqual({
          code,
          stderr:
            `scd-parallel: ${signal} received, stopping after the statement in progress\n` +
            `scd-parallel: interrupted by ${signal}: the period in ` +
            `progress was rolled back; committed by this run: 2025\n`,
        });
        expect(await query(db, 'SELECT period FROM scd_parallel_periods')).toEqual([{ period: '2025' }]);
        const { readdirSync } = await import('node:fs');
        expect(readdirSync(join(db, '..')).filter((f) => f.startsWith('sim.duckdb.'))).toEqual([]);
        expect((await cli('run', '--db', db, '--all')).code).toBe(0);
        expect((await cli('check', '--db', db)).code).toBe(0);
      });
    },
  );

  it('15: SIGINT during a full refresh drops its rebuild and says the history is as it was', async () => {
    await withSnapshotDb(async (db) => {
      expect((await cli('run', '--db', db, '--all')).code).toBe(0);
      const before = await historyFingerprint(db);
      const result = await signalledRun(
        ['run', '--db', db, '--full-refresh', '--chunks', '2'],
        'pause:insert:2026',
        'SIGINT',
      );
      expect(result).toEqual({
        code: 130,
        stderr:
          'scd-parallel: SIGINT received, stopping after the statement in progress\n' +
          'scd-parallel: interrupted by SIGINT: the full refresh was ' +
          'rolled back and its rebuild dropped; the history is as it was\n',
      });
      expect(await historyFingerprint(db)).toBe(before);
      expect((await tableNames(db)).filter((t) => t.endsWith('__scd_rebuild'))).toEqual([]);
    });
  });

  it('16: a successful run leaves nothing beside the database', async () => {
    await withSnapshotDb(async (db) => {
      expect((await cli('run', '--db', db, '--all', '--chunks', '2')).code).toBe(0);
      const { readdirSync } = await import('node:fs');
      expect(readdirSync(join(db, '..'))).toEqual(['sim.duckdb']);
    });
  });

  it('16: a run killed with --temp-dir X has its files removed by the next run, even without the flag', async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'sim.duckdb');
      await writeSnapshot(db, THREE_YEARS);
      const { mkdirSync, readdirSync } = await import('node:fs');
      const x = join(dir, 'x');
      mkdirSync(x);
      const killed = await signalledRun(
        ['run', '--db', db, '--all', '--chunks', '2', '--temp-dir', x],
        'kill:insert:2026',
        undefined,
      );
      expect(killed.code).toBe(null);
      expect(readdirSync(x)).toHaveLength(1);
      expect((await cli('run', '--db', db, '--all')).code).toBe(0);
      expect([readdirSync(x), readdirSync(dir).sort()]).toEqual([[], ['sim.duckdb', 'x']]);
    });
  });

  it('16: an interrupted demo removes its temporary database', async () => {
    await withTempDir(async (dir) => {
      const result = await signalledRun(['demo', '--employees', '50', '--years', '3'], 'pause:insert:2026', 'SIGTERM', {
        TMPDIR: dir,
      });
      expect(result.code).toBe(143);
      const { readdirSync } = await import('node:fs');
      expect(readdirSync(dir).filter((f) => f !== 'resume' && f !== 'resume.paused')).toEqual([]);
    });
  });
});

describe('7: a period is never committed on top of a broken key', () => {
  // An employee present in all three years, whose salary changes every year (COLA).
  const KEY =
    `(SELECT employee_id FROM fct_workforce_snapshot WHERE simulation_year = 2027 AND employee_status = 'active'
    AND employee_id IN (SELECT employee_id FROM scd_workforce_state ` +
    `WHERE NOT is_current_record) ORDER BY employee_id LIMIT 1)`;
  it.each([
    [
      'an overlap',
      `UPDATE scd_workforce_state SET dbt_valid_to = DATE '2027-06-30' WHERE employee_id ` +
        `= ${KEY} AND NOT is_current_record AND dbt_valid_to = DATE '2026-12-31'`,
      '1 versions start or end after the date of period 2026',
    ],
    [
      'an overlap with a version older than the last period',
      // Its current version is made to start a period earlier, so that the overlap ends inside the history.
      `UPDATE scd_workforce_state SET dbt_valid_from = DATE ` +
        `'2025-12-31' WHERE employee_id = ${KEY} AND is_current_record`,
      '1 keys it changes have a closed version ending after their current one starts',
    ],
    [
      'a changed value in the version it closes',
      `UPDATE scd_workforce_state SET annual_salary = annual_salary ` +
        `+ 1 WHERE employee_id = ${KEY} AND is_current_record`,
      'current versions differ from those period 2026 left',
    ],
    [
      'a deleted current version',
      `DELETE FROM scd_workforce_state WHERE employee_id = ${KEY} AND is_current_record`,
      'current versions differ from those period 2026 left',
    ],
  ])('%s: exit 1, rolled back, history as it was', async (_, corruption, failure) => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'sim.duckdb');
      await cli('generate', '--db', db, '--employees', '300', '--years', '3');
      expect((await cli('run', '--db', db, '--years', '2025-2026')).code).toBe(0);
      await execute(db, corruption);
      const before = await query(db, 'SELECT * EXCLUDE (dbt_updated_at) FROM scd_workforce_state ORDER BY ALL');
      // The checks of the history as found, where a run verifies what it touches (issue 23, item 5).
      for (const mode of [['--chunks', '2'], ['--inline']]) {
        const result = await cli('run', '--db', db, '--all', '--verify', 'touched', ...mode);
        expect(result.code, mode.join(' ')).toBe(ExitCode.checkFailed);
        expect(result.stderr).toContain(
          `scd-parallel: scd_workforce_state is not as the engine left it when it applied period 2026 (`,
        );
        expect(result.stderr).toContain(failure);
      }
      expect(await query(db, 'SELECT * EXCLUDE (dbt_updated_at) FROM scd_workforce_state ORDER BY ALL')).toEqual(
        before,
      );
      expect(await query(db, 'SELECT max(period) AS p FROM scd_parallel_periods')).toEqual([{ p: '2026' }]);
    });
  });
});
