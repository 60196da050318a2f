import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { Piscina } from 'piscina';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RunSession } from '../../../src/engine/session.js';
import { ExitCode, ScdError } from '../../../src/errors/index.js';
import { resolveSessionOptions, type SessionOptions } from '../../../src/options/session-options.js';
import { execute, withTempDir } from '../../support/helpers.js';

type Files = Record<'lease' | 'runDirectory' | 'spill' | 'tempDir', boolean>;
type Release = 'pool' | 'checkpoint' | 'export connection' | 'connection' | 'instance';
type Log = Array<[Release, Files]>;
type Failures = Partial<Record<Release, Error>>;

/**
 * Each native release of `session`, in the order it ran, with which of its files were still there
 * then. A release named in `failures` does its work, then throws its error.
 */
function recordReleases(session: RunSession, files: () => Files, failures: Failures): Log {
  const log: Log = [];
  const released = <T>(release: Release, work: () => T): T => {
    log.push([release, files()]);
    const result = work();
    const failure = failures[release];
    if (failure !== undefined) throw failure;
    return result;
  };
  const destroy = Piscina.prototype.destroy;
  vi.spyOn(Piscina.prototype, 'destroy').mockImplementation(function (this: Piscina) {
    return released('pool', () => destroy.call(this));
  });
  const run = DuckDBConnection.prototype.run;
  vi.spyOn(DuckDBConnection.prototype, 'run').mockImplementation(function (this: DuckDBConnection, sql, ...rest) {
    const statement = () => run.call(this, sql, ...rest);
    return sql.trim() === 'CHECKPOINT' ? released('checkpoint', statement) : statement();
  });
  const closeConnection = DuckDBConnection.prototype.closeSync;
  vi.spyOn(DuckDBConnection.prototype, 'closeSync').mockImplementation(function (this: DuckDBConnection) {
    const close = () => closeConnection.call(this);
    if (this === session.exportConnection) released('export connection', close);
    else if (this === session.connection) released('connection', close);
    else close();
  });
  const closeInstance = DuckDBInstance.prototype.closeSync;
  vi.spyOn(DuckDBInstance.prototype, 'closeSync').mockImplementation(function (this: DuckDBInstance) {
    released('instance', () => closeInstance.call(this));
  });
  return log;
}

/**
 * A database with one table in a fresh directory, and the options of a session on it whose
 * --temp-dir does not exist yet (the session makes it, and must remove it again).
 */
async function withDatabaseDir<T>(fn: (options: SessionOptions, dir: string) => Promise<T>): Promise<T> {
  return withTempDir(async (dir) => {
    const db = join(dir, 'history.duckdb');
    await execute(db, 'CREATE TABLE t (i INTEGER)');
    return fn({ db, tempDirectory: join(dir, 'made', 'tmp') }, dir);
  });
}

interface Opened {
  readonly session: RunSession;
  readonly log: Log;
  /** Which of the session's files are there now. */
  readonly files: () => Files;
}

/**
 * A session on `options` with a pool, a file where a worker's export goes and one where DuckDB
 * spills (so that only their removal, in its turn, lets the directories made for them go), and
 * its releases recorded.
 */
async function openSession(options: SessionOptions, dir: string, failures: Failures = {}): Promise<Opened> {
  const session = await RunSession.open(resolveSessionOptions(options), true);
  session.startPool(1);
  const spill = join(session.runDirectory, '..', 'spill');
  mkdirSync(spill, { recursive: true });
  writeFileSync(join(spill, 'block'), '');
  writeFileSync(join(session.runDirectory, 'export.parquet'), '');
  const files = (): Files => ({
    lease: existsSync(`${options.db}.scd-run`),
    runDirectory: existsSync(session.runDirectory),
    spill: existsSync(spill),
    tempDir: existsSync(join(dir, 'made')),
  });
  return { session, log: recordReleases(session, files, failures), files };
}

const ALL: Files = { lease: true, runDirectory: true, spill: true, tempDir: true };
const NONE: Files = { lease: false, runDirectory: false, spill: false, tempDir: false };
const IN_ORDER: readonly Release[] = ['pool', 'checkpoint', 'export connection', 'connection', 'instance'];
const notInterrupted = () => Promise.reject(new Error('not interrupted'));
const firstValue = async (connection: DuckDBConnection, sql: string) =>
  (await connection.runAndReadAll(sql)).getRows()[0]?.[0];

afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.SCD_PARALLEL_FAULT;
});

describe('a session releases what it holds when its scope ends', () => {
  it('the pool, the checkpoint, the connections, the instance, then the files', async () => {
    await withDatabaseDir(async (options, dir) => {
      let opened: Opened | undefined;
      const result = await (async () => {
        opened = await openSession(options, dir);
        await using session = opened.session;
        return await session.run(() => firstValue(session.connection, 'SELECT 42'), notInterrupted);
      })();
      const { log, files } = opened as Opened;
      expect(result).toBe(42);
      expect(log).toEqual(IN_ORDER.map((release) => [release, ALL]));
      expect(files()).toEqual(NONE);
    });
  });

  it('after a release that failed, the others still run, and the first failure is what the scope throws', async () => {
    await withDatabaseDir(async (options, dir) => {
      let opened: Opened | undefined;
      const first = new Error('the export connection failed to close');
      const failures = { 'export connection': first, instance: new Error('the instance failed to close') };
      const thrown = await (async () => {
        opened = await openSession(options, dir, failures);
        await using session = opened.session;
        await session.run(async () => undefined, notInterrupted);
      })().catch((error: unknown) => error);
      const { log, files } = opened as Opened;
      expect(thrown).toBe(first);
      expect(log.map(([release]) => release)).toEqual(IN_ORDER);
      expect(files()).toEqual(NONE);
    });
  });

  it('when the work failed, its error is what the scope throws, not a release that failed after it', async () => {
    await withDatabaseDir(async (options, dir) => {
      // The checkpoint before close fails: the connections, the instance and the files go all the same.
      process.env.SCD_PARALLEL_FAULT = 'interrupt:close:0';
      let opened: Opened | undefined;
      const workFailed = new ScdError('INTEGRITY_FAILED', 'the work failed');
      const thrown = await (async () => {
        opened = await openSession(options, dir);
        await using session = opened.session;
        await session.run(() => Promise.reject(workFailed), notInterrupted);
      })().catch((error: unknown) => error);
      const { log, files } = opened as Opened;
      expect(thrown).toBe(workFailed);
      expect(log.map(([release]) => release)).toEqual(['pool', 'export connection', 'connection', 'instance']);
      expect(files()).toEqual(NONE);
    });
  });

  it('a run returned without await is released only once its work is done', async () => {
    await withDatabaseDir(async (options, dir) => {
      let opened: Opened | undefined;
      const result = await (async () => {
        opened = await openSession(options, dir);
        await using session = opened.session;
        // `return` without `await`: the scope ends, and disposes the session, before the work is done.
        return session.run(async () => {
          await sleep(50);
          return firstValue(session.connection, 'SELECT 7');
        }, notInterrupted);
      })();
      expect(result).toBe(7);
      expect((opened as Opened).log.map(([release]) => release)).toEqual(IN_ORDER);
    });
  });

  it("on a lent instance, only the session's connections and directory go; the instance stays open", async () => {
    await withDatabaseDir(async (options) => {
      const instance = await DuckDBInstance.create(options.db);
      try {
        const closed: string[] = [];
        const runDirectory = await (async () => {
          await using session = await RunSession.open(resolveSessionOptions({ ...options, instance }), false);
          const closeConnection = DuckDBConnection.prototype.closeSync;
          vi.spyOn(DuckDBConnection.prototype, 'closeSync').mockImplementation(function (this: DuckDBConnection) {
            const which = this === session.exportConnection ? 'export' : 'other';
            closed.push(this === session.connection ? 'connection' : which);
            closeConnection.call(this);
          });
          await session.run(async () => undefined, notInterrupted);
          return session.runDirectory;
        })();
        expect(closed).toEqual(['export', 'connection']);
        expect([existsSync(runDirectory), existsSync(`${options.db}.scd-run`)]).toEqual([false, false]);
        const connection = await instance.connect();
        expect(await firstValue(connection, 'SELECT count(*)::INTEGER FROM t')).toBe(0);
        connection.closeSync();
      } finally {
        instance.closeSync();
      }
    });
  });
});

describe('throwIfAborted', () => {
  it('throws the error of a stop between statements once the signal aborted, and nothing before', async () => {
    await withDatabaseDir(async (options) => {
      const controller = new AbortController();
      const settings = resolveSessionOptions({ ...options, signal: controller.signal });
      await using session = await RunSession.open(settings, false);
      session.throwIfAborted();
      controller.abort('SIGTERM');
      expect(() => session.throwIfAborted()).toThrow(
        expect.objectContaining({ message: 'interrupted by SIGTERM', exitCode: ExitCode.terminate }),
      );
    });
  });
});
