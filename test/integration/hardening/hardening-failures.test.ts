import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openInstance } from '../../../src/db/database.js';
import { ExitCode, runScd } from '../../../src/index.js';
import {
  cli,
  execute,
  historyFingerprint,
  query,
  THREE_YEARS,
  withTempDir,
  writeSnapshot,
} from '../../support/helpers.js';
import { type ChildRun, fillDisk, pausedRun, signalled, withTmpfs } from '../../support/paused-run.js';

/** Issue 23, items 9 and 10: failures are reported exactly, and the history is what was committed. */

const SNAPSHOT = 'snapshots.scd_workforce_state';
/** A dbt snapshot of 2025 and 2026 beside the source, as dbt's check strategy leaves it (TIMESTAMPTZ validity). */
const RUN_AT = { 2025: `TIMESTAMPTZ '2026-01-05 09:00:00+00'`, 2026: `TIMESTAMPTZ '2026-01-05 09:00:42+00'` };
const DBT_SNAPSHOT = `CREATE SCHEMA snapshots;
  CREATE TABLE ${SNAPSHOT} AS
  SELECT s.*, md5(employee_id || '|' || simulation_year) AS dbt_scd_id, t.run_at AS dbt_updated_at,
         t.run_at AS dbt_valid_from, CASE WHEN simulation_year = 2025 THEN ${RUN_AT[2026]} END AS dbt_valid_to
  FROM fct_workforce_snapshot s
  JOIN (VALUES (2025, ${RUN_AT[2025]}), (2026, ${RUN_AT[2026]})) t(y, run_at) ON s.simulation_year = t.y`;

const removeDatabase = (db: string) => {
  for (const suffix of ['', '.wal', '.scd-run']) rmSync(`${db}${suffix}`, { force: true });
};

/** The ledger's periods, each with whose run it is: `earlier` for a run id in `earlier`, else `this`. */
async function ledger(db: string, earlier: ReadonlySet<string> = new Set()): Promise<string[]> {
  const found = await query(db, `SELECT 1 FROM duckdb_tables() WHERE table_name = 'scd_parallel_periods'`);
  if (found.length === 0) return [];
  const periods = await query<{ period: string; run_id: string }>(
    db,
    'SELECT period, run_id FROM scd_parallel_periods ORDER BY 1',
  );
  return periods.map((r) => `${r.period}:${earlier.has(r.run_id) ? 'earlier' : 'this'}`);
}

/** The run ids in the ledger. */
async function runIds(db: string): Promise<Set<string>> {
  if ((await ledger(db)).length === 0) return new Set();
  return new Set((await query<{ id: string }>(db, 'SELECT run_id AS id FROM scd_parallel_periods')).map((r) => r.id));
}

const diskFull = (file: string) =>
  `scd-parallel: no space left on device: Could not write file "${file}": No space left on device\n`;

/** The CLI in a child, paused at `faults`, where the disk under `mount` is filled; the filler goes once it ended. */
async function fullDiskAt(dir: string, mount: string, faults: string, args: readonly string[]): Promise<ChildRun> {
  let filler: string | undefined;
  const result = await pausedRun(dir, args, faults, () => {
    filler = fillDisk(mount);
  });
  if (filler !== undefined) rmSync(filler);
  return result;
}

const isRoot = process.getuid?.() === 0;

describe.runIf(isRoot)('9: a full disk is exit 5 naming the path; the history is what was committed', () => {
  it('9: run: at the final CHECKPOINT (of an incremental run, of a full refresh), at the one of closing', async () => {
    await withTempDir(async (dir) => {
      const control = join(dir, 'control.duckdb');
      await writeSnapshot(control, THREE_YEARS);
      expect((await cli('run', '--db', control, '--all')).code).toBe(0);
      await withTmpfs(dir, '16m', async (mount) => {
        const db = join(mount, 'sim.duckdb');
        const cases: Array<[string, string[]]> = [
          ['pause:committed:2027', []],
          ['pause:swapped:0', ['--full-refresh']],
          ['pause:close:0', []],
        ];
        for (const [faults, mode] of cases) {
          removeDatabase(db);
          await writeSnapshot(db, THREE_YEARS);
          // Once the history holds periods, a full refresh has one to rebuild.
          if (mode.length > 0) expect((await cli('run', '--db', db, '--year', '2025')).code).toBe(0);
          const args = ['run', '--db', db, '--all', '--temp-dir', dir, '--log-level', 'silent', ...mode];
          const result = await fullDiskAt(dir, mount, faults, args);
          expect([result.code, result.stderr], faults).toEqual([ExitCode.resources, diskFull(db)]);
          // Reopened once there is space: every period committed, the history as with space all along.
          expect(await ledger(db), faults).toEqual(['2025:this', '2026:this', '2027:this']);
          expect(await historyFingerprint(db), faults).toBe(await historyFingerprint(control));
          expect((await cli('check', '--db', db)).code, faults).toBe(0);
        }
      });
    });
  });

  it('9: rewind: at its COMMIT (the WAL) it is rolled back; at the checkpoint of closing it is committed', async () => {
    await withTempDir(async (dir) => {
      await withTmpfs(dir, '16m', async (mount) => {
        const db = join(mount, 'sim.duckdb');
        const cases: Array<[string, string, string[]]> = [
          ['pause:commit:2026', `${db}.wal`, ['2025', '2026', '2027']],
          ['pause:close:0', db, ['2025']],
        ];
        for (const [faults, file, left] of cases) {
          removeDatabase(db);
          await writeSnapshot(db, THREE_YEARS);
          expect((await cli('run', '--db', db, '--all')).code).toBe(0);
          const args = ['rewind', '--db', db, '--to', '2025', '--temp-dir', dir, '--log-level', 'silent'];
          const result = await fullDiskAt(dir, mount, faults, args);
          expect([result.code, result.stderr], faults).toEqual([ExitCode.resources, diskFull(file)]);
          expect(
            (await ledger(db)).map((p) => p.split(':')[0]),
            faults,
          ).toEqual(left);
          expect((await cli('check', '--db', db)).code, faults).toBe(0);
        }
      });
    });
  });

  it('9: adopt: at its COMMIT nothing is recorded; at the checkpoint of closing it is committed', async () => {
    await withTempDir(async (dir) => {
      await withTmpfs(dir, '16m', async (mount) => {
        const db = join(mount, 'sim.duckdb');
        const cases: Array<[string, string, string[]]> = [
          ['pause:commit:2025', `${db}.wal`, []],
          ['pause:close:0', db, ['2025:this', '2026:this']],
        ];
        for (const [faults, file, recorded] of cases) {
          removeDatabase(db);
          await writeSnapshot(db, THREE_YEARS);
          await execute(db, DBT_SNAPSHOT);
          const args = ['adopt', '--db', db, '--target', SNAPSHOT, '--temp-dir', dir, '--log-level', 'silent'];
          const result = await fullDiskAt(dir, mount, faults, args);
          expect([result.code, result.stderr], faults).toEqual([ExitCode.resources, diskFull(file)]);
          expect(await ledger(db), faults).toEqual(recorded);
          if (recorded.length > 0) expect((await cli('check', '--db', db)).code, faults).toBe(0);
        }
      });
    });
  });

  it('9: generate: at the checkpoint of closing, and writing Parquet', async () => {
    await withTempDir(async (dir) => {
      await withTmpfs(dir, '16m', async (mount) => {
        const db = join(mount, 'g.duckdb');
        const generate = (file: string) => ['generate', '--db', file, '--employees', '300', '--years', '2'];
        const result = await fullDiskAt(dir, mount, 'pause:close:0', generate(db));
        expect([result.code, result.stderr]).toEqual([ExitCode.resources, diskFull(db)]);
        // A generate that fails leaves nothing of a database it created (item 22's rule).
        expect([existsSync(db), existsSync(`${db}.wal`)]).toEqual([false, false]);
        // Into a database that was there: its transaction committed before the checkpoint failed,
        // so the table is whole once reopened with space.
        const kept = join(mount, 'kept.duckdb');
        await execute(kept, 'CREATE TABLE mine AS SELECT 1 AS x');
        const again = await fullDiskAt(dir, mount, 'pause:close:0', generate(kept));
        // The checkpoint writes its mark in the WAL first, which is the file it cannot write.
        expect([again.code, again.stderr]).toEqual([ExitCode.resources, diskFull(`${kept}.wal`)]);
        const control = join(dir, 'control.duckdb');
        expect((await cli(...generate(control))).code).toBe(0);
        const table = 'SELECT * FROM fct_workforce_snapshot ORDER BY ALL';
        expect(await query(kept, table)).toEqual(await query(control, table));
        expect(await query(kept, 'SELECT x FROM mine')).toEqual([{ x: 1 }]);
      });
      await withTmpfs(dir, '64k', async (mount) => {
        const parquet = join(mount, 'g.parquet');
        const result = await cli('generate', '--parquet', parquet, '--employees', '20000', '--years', '2');
        expect([result.code, result.stderr]).toEqual([ExitCode.resources, diskFull(parquet)]);
      });
    });
  });

  it('9: spill files: a temp directory too full to spill into is no space left, not out of memory', async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'sim.duckdb');
      await cli('generate', '--db', db, '--employees', '100000', '--years', '2');
      expect((await cli('run', '--db', db, '--year', '2025')).code).toBe(0);
      await withTmpfs(dir, '64k', async (mount) => {
        const result = await cli('run', '--db', db, '--all', '--inline', '--memory-limit', '16MB', '--temp-dir', mount);
        expect(result.code).toBe(ExitCode.resources);
        const spill = `${mount}/scd-sim\\.duckdb-\\w+/spill`;
        // What DuckDB had spilled before the write that failed varies from run to run.
        const offload =
          'failed to offload data block of size [\\d.]+ KiB \\([\\d.]+ (bytes|KiB)/[\\d.]+ KiB used\\)\\.';
        const message = `^scd-parallel: no space left on device for spill files in ${spill}: ${offload}\\n$`;
        expect(result.stderr).toMatch(new RegExp(message));
      });
      expect(await query(db, 'SELECT period FROM scd_parallel_periods')).toEqual([{ period: '2025' }]);
      expect((await cli('check', '--db', db)).code).toBe(0);
    });
  });

  it('9: after a FATAL checkpoint, a run on the invalidated instance says the disk is full; all is there', async () => {
    await withTempDir(async (dir) => {
      await withTmpfs(dir, '16m', async (mount) => {
        const db = join(mount, 'sim.duckdb');
        await writeSnapshot(db, THREE_YEARS);
        // A caller's instance, lent to each run; between them, its checkpoint meets the full disk.
        const instance = await openInstance(db);
        let filler: string | undefined;
        try {
          const first = await runScd({ db, instance, selection: { kind: 'range', from: 2025, to: 2025, exact: true } });
          expect(first.totals.periodsApplied).toBe(1);
          const connection = await instance.connect();
          try {
            await connection.run('CREATE TABLE scratch AS SELECT range AS i FROM range(1000)');
            filler = fillDisk(mount);
            await expect(connection.run('CHECKPOINT')).rejects.toThrow(/^FATAL Error: Failed to create checkpoint/);
          } finally {
            connection.closeSync();
          }
          const error = await runScd({ db, instance, selection: { kind: 'all' } }).catch((e: unknown) => e);
          const message = diskFull(db).slice('scd-parallel: '.length, -1);
          expect(error).toMatchObject({ exitCode: ExitCode.resources, message });
        } finally {
          instance.closeSync();
          if (filler !== undefined) rmSync(filler);
        }
        expect(await ledger(db)).toEqual(['2025:this']);
        expect((await cli('check', '--db', db)).code).toBe(0);
        expect((await cli('run', '--db', db, '--all')).code).toBe(0);
      });
    });
  });
});

const SIGNALS = [
  ['SIGINT', ExitCode.interrupt],
  ['SIGTERM', ExitCode.terminate],
  ['SIGHUP', ExitCode.hangup],
] as const;

/**
 * One case: a child stopped at `faults` (RACE adds DuckDB's report of an interrupted COMMIT that
 * committed, see src/faults.ts: the race, made to happen every time), what it must say after its
 * signal's name, and what the ledger then holds.
 */
interface SignalCase {
  readonly faults: string;
  readonly message: string;
  readonly ledger: readonly string[];
  /** Whether the history is as before, exactly (else it must pass check). */
  readonly unchanged?: boolean;
}
const RACE = (point: string) => `pause:${point},interrupt:${point}`;

/** What the cases stop: CLI runs that make the history (DB stands for the database), `prepare`, then `args`. */
interface Scenario {
  readonly before: readonly string[][];
  readonly prepare?: (db: string) => Promise<void>;
  readonly args: readonly string[];
  /** The history, to compare before and after; its fingerprint unless said. */
  readonly history?: (db: string) => Promise<unknown>;
  /** `every`: each case under every signal; `turns`: each under one, the signals taking turns. */
  readonly signals: 'every' | 'turns';
}

async function expectCases(scenario: Scenario, cases: readonly SignalCase[]): Promise<void> {
  const history = scenario.history ?? historyFingerprint;
  for (const [i, c] of cases.entries()) {
    const turn = SIGNALS[i % SIGNALS.length] as (typeof SIGNALS)[number];
    for (const [signal, code] of scenario.signals === 'every' ? SIGNALS : [turn]) {
      await withTempDir(async (dir) => {
        const db = join(dir, 'sim.duckdb');
        const withDb = (args: readonly string[]) => args.map((a) => (a === 'DB' ? db : a));
        await writeSnapshot(db, THREE_YEARS);
        for (const args of scenario.before) expect((await cli(...withDb(args))).code).toBe(0);
        const earlier = await runIds(db);
        await scenario.prepare?.(db);
        const before = await history(db);
        const result = await signalled(dir, withDb(scenario.args), c.faults, signal);
        const what = `${signal} at ${c.faults}`;
        const notice = `scd-parallel: ${signal} received, stopping after the statement in progress\n`;
        const stderr = `${notice}scd-parallel: interrupted by ${signal}${c.message}\n`;
        expect(result, what).toMatchObject({ code, stderr });
        expect(await ledger(db, earlier), what).toEqual(c.ledger);
        if (c.unchanged) expect(await history(db), what).toEqual(before);
        else expect((await cli('check', '--db', db)).code, what).toBe(0);
      });
    }
  }
}

describe('10: a command a signal stopped says what the ledger holds, "rolled back" only when it was', () => {
  it("10: run: before a period's COMMIT, after it, after one that said interrupted, after the last one", async () => {
    const committed = (periods: string) => `: no period was rolled back; committed by this run: ${periods}`;
    const two = { message: committed('2025, 2026'), ledger: ['2025:this', '2026:this'] };
    const three = { message: committed('2025, 2026, 2027'), ledger: ['2025:this', '2026:this', '2027:this'] };
    const undone = {
      message: ': the period in progress was rolled back; committed by this run: 2025',
      ledger: ['2025:this'],
    };
    await expectCases({ before: [], args: ['run', '--db', 'DB', '--all', '--chunks', '2'], signals: 'every' }, [
      { faults: 'pause:commit:2026', ...undone },
      { faults: 'pause:committed:2026', ...two },
      { faults: RACE('committed:2026'), ...two },
      { faults: 'pause:committed:2027', ...three },
    ]);
  });

  it('10: run --replace: inside its transaction, after it committed, after its COMMIT said interrupted', async () => {
    const replaced = {
      message: ': no period was rolled back; committed by this run: 2026, 2027',
      ledger: ['2025:earlier', '2026:this', '2027:this'],
    };
    const change = `UPDATE fct_workforce_snapshot SET job_level = 'L2'
      WHERE simulation_year = 2026 AND employee_id = 'A'`;
    const scenario: Scenario = {
      before: [['run', '--db', 'DB', '--all']],
      prepare: (db) => execute(db, change),
      args: ['run', '--db', 'DB', '--all', '--replace'],
      signals: 'turns',
    };
    await expectCases(scenario, [
      {
        faults: 'pause:rewind:2026',
        message: ': the periods in progress were rolled back; committed by this run: none',
        ledger: ['2025:earlier', '2026:earlier', '2027:earlier'],
        unchanged: true,
      },
      { faults: 'pause:committed:2026', ...replaced },
      { faults: RACE('committed:2026'), ...replaced },
    ]);
  });

  it("10: run --full-refresh: after its swap committed, and after the swap's COMMIT reported interrupted", async () => {
    const rebuilt = {
      message: ': no period was rolled back; committed by this run: 2025, 2026, 2027',
      ledger: ['2025:this', '2026:this', '2027:this'],
    };
    const args = ['run', '--db', 'DB', '--full-refresh', '--inline'];
    const scenario: Scenario = { before: [['run', '--db', 'DB', '--all']], args, signals: 'turns' };
    await expectCases(scenario, [
      { faults: 'pause:swapped:0', ...rebuilt },
      { faults: RACE('swapped:0'), ...rebuilt },
    ]);
  });

  it('10: rewind: inside, before its COMMIT, after it committed, after its COMMIT reported interrupted', async () => {
    const all = ['2025:earlier', '2026:earlier', '2027:earlier'];
    const kept = { message: ': the rewind was rolled back', ledger: all, unchanged: true };
    const rewound = {
      message: ' after the rewind committed: the history now ends at period 2025',
      ledger: ['2025:earlier'],
    };
    const args = ['rewind', '--db', 'DB', '--to', '2025'];
    const scenario: Scenario = { before: [['run', '--db', 'DB', '--all']], args, signals: 'turns' };
    await expectCases(scenario, [
      { faults: 'pause:rewind:2026', ...kept },
      { faults: 'pause:commit:2026', ...kept },
      { faults: 'pause:committed:2026', ...rewound },
      { faults: RACE('committed:2026'), ...rewound },
    ]);
  });

  it('10: adopt: inside it, after it committed, after its COMMIT reported interrupted', async () => {
    const adopted = {
      message: ` after the adoption committed: ${SNAPSHOT} is adopted through period 2026`,
      ledger: ['2025:this', '2026:this'],
    };
    const undone = { message: ': the adoption was rolled back, nothing was recorded', ledger: [], unchanged: true };
    const scenario: Scenario = {
      before: [],
      prepare: (db) => execute(db, DBT_SNAPSHOT),
      args: ['adopt', '--db', 'DB', '--target', SNAPSHOT],
      history: (db) => query(db, `SELECT * FROM ${SNAPSHOT} ORDER BY ALL`),
      signals: 'turns',
    };
    await expectCases(scenario, [
      { faults: 'pause:commit:2025', ...undone },
      { faults: 'pause:committed:2025', ...adopted },
      { faults: RACE('committed:2025'), ...adopted },
    ]);
  });
});
