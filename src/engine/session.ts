import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { accessSync, constants, existsSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { checkpointBeforeClose, memoryLimitText, openInstance, removeDatabaseFiles } from '../db/database.js';
import { type ResourceContext, isInterrupt, translateDuckdbErrors } from '../db/duckdb-errors.js';
import { DEFAULTS } from '../defaults.js';
import { ExitCode, INTERRUPTED, ScdError, databaseMissing, notWritable, stopped } from '../errors/index.js';
import { removeCreatedDirectories } from '../files/dirs.js';
import type { SessionSettings } from '../options/session-options.js';
import { parseSource } from '../sql/index.js';
import { type ChunkPool, createChunkPool } from './2-change-sets/pool.js';
import { createRunDirectory, leftoverRoot, releaseLease, removeStaleRuns, takeLease, tempRootFor } from './temp-files.js';

const SPILL = 'spill';

/**
 * DuckDB writes the file and a .wal beside it; say so before it fails halfway. A missing file is
 * a mistyped path, unless the snapshots are Parquet files: then the database holds only the
 * history, and this run creates it (true).
 */
function checkWritable(settings: SessionSettings): boolean {
  const db = settings.db;
  const create = !existsSync(db);
  if (create && (settings.instance !== undefined || parseSource(settings.table.sourceTable ?? DEFAULTS.table.sourceTable).kind !== 'files')) {
    throw databaseMissing(db);
  }
  for (const [what, path] of [...(create ? [] : [['database', db] as const]), ['database directory', dirname(resolve(db))] as const]) {
    try {
      accessSync(path, constants.W_OK);
    } catch {
      throw notWritable(what, path);
    }
  }
  return create;
}

/** Thrown between statements once `signal` aborted; RunSession.use says what the command did. */
export function stopIfInterrupted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw stopped(String(signal.reason));
}

/** Whether `error` is how a signal stopped the work: a statement DuckDB interrupted, or a check between them. */
const isInterruption = (error: unknown) =>
  isInterrupt(error) || (error instanceof ScdError && error.details === INTERRUPTED);

/**
 * One owner for a run's resources: the instance (unless the caller lent one), the coordinator's
 * two connections, the run's temporary directory and the worker pool. `dispose` releases them all,
 * in the order that is safe: the pool first (its workers must be out of DuckDB, which the pipeline
 * guarantees by settling every prepare), then the connections, the instance and the files.
 */
export class RunSession {
  private pool: ChunkPool | undefined;
  /** Set by a failed run that took back all it wrote: a database file it created goes too. */
  nothingKept = false;

  private constructor(
    private readonly settings: SessionSettings,
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    readonly exportConnection: DuckDBConnection,
    private readonly tempRoot: string,
    readonly runDirectory: string,
    /** The directories this run made for its temporary files, the run directory last. */
    private readonly madeDirectories: readonly string[],
    /** Whether this run created the database file. */
    readonly created: boolean,
  ) {}

  /**
   * `withPool`: workers may run, and get their share of the memory (DEFAULTS.coordinatorMemoryShare
   * is the coordinator's); without them the coordinator has it all.
   */
  static async open(settings: SessionSettings, withPool: boolean): Promise<RunSession> {
    const created = checkWritable(settings);
    const tempRoot = tempRootFor(settings.db, settings.tempDirectory);
    const share = withPool ? DEFAULTS.coordinatorMemoryShare : 1;
    const instance =
      settings.instance ??
      (await openInstance(settings.db, { memoryLimitBytes: Math.floor(settings.memoryLimitBytes * share), tempDirectory: join(tempRoot, SPILL) }));
    const connections: DuckDBConnection[] = [];
    let made: string[] = [];
    try {
      connections.push(await instance.connect(), await instance.connect());
      // Opening the file read-write makes this the only run: anything under the temp root, or under
      // the root a killed run's lease names, is a leftover. Not so on an instance the caller lent:
      // its process may run another history of the same file right now, so it cleans up nothing.
      if (settings.instance === undefined) {
        for (const root of new Set([tempRoot, leftoverRoot(settings.db) ?? tempRoot])) {
          const stale = removeStaleRuns(root, SPILL);
          if (stale > 0) settings.logger.warn({ stale, tempRoot: root }, 'removed temporary files of an earlier run');
          releaseLease(settings.db, root);
        }
      }
      // The lease only once the directory it names is usable: a run refused for its temp dir leaves none.
      const run = createRunDirectory(tempRoot);
      made = run.created;
      if (settings.instance === undefined) takeLease(settings.db, tempRoot);
      const [connection, exportConnection] = connections as [DuckDBConnection, DuckDBConnection];
      return new RunSession(settings, instance, connection, exportConnection, tempRoot, run.dir, made, created);
    } catch (error) {
      for (const c of connections) c.closeSync();
      if (settings.instance === undefined) instance.closeSync();
      removeCreatedDirectories(made);
      if (created) removeDatabaseFiles(settings.db);
      throw error;
    }
  }

  /**
   * Opens a session for `settings`, runs `work` in it with DuckDB's errors translated, and disposes
   * it however that ends. Once the signal aborted, a statement it interrupted, a check between
   * statements, or work that finished anyway, ends the command with the error `interrupted` makes
   * (given what the work threw) from what the database holds then, never from what the work
   * believed: a COMMIT the signal interrupted may have committed. A failure to clean up is
   * reported only when nothing failed before it.
   */
  static async use<T>(
    settings: SessionSettings,
    withPool: boolean,
    work: (session: RunSession) => Promise<T>,
    interrupted: (signal: string, error: unknown, session: RunSession) => Promise<Error>,
  ): Promise<T> {
    const session = await RunSession.open(settings, withPool);
    const context = session.resources();
    let failed = false;
    let refused = false;
    try {
      session.watch(settings.signal);
      const result = await translateDuckdbErrors(settings.db, context, () => work(session));
      stopIfInterrupted(settings.signal);
      return result;
    } catch (error) {
      failed = true;
      // Bad input is refused before anything is written: a database this run created holds nothing.
      refused = error instanceof ScdError && error.exitCode === ExitCode.badInput;
      const signal = settings.signal;
      if (!signal?.aborted || !isInterruption(error)) throw error;
      throw await translateDuckdbErrors(settings.db, context, () => interrupted(String(signal.reason), error, session));
    } finally {
      await translateDuckdbErrors(settings.db, context, () => session.dispose()).catch((error: unknown) => {
        if (!failed) throw error;
      });
      if ((refused || session.nothingKept) && session.created) removeDatabaseFiles(settings.db);
    }
  }

  /** What a resource failure is reported against; a lent instance spills where its owner said. */
  private resources(): ResourceContext {
    const spillDirectory = this.settings.instance === undefined ? join(this.tempRoot, SPILL) : undefined;
    return { memoryLimit: memoryLimitText(this.settings), spillDirectory };
  }

  /** `read` on a connection of its own: it sees what is committed, whatever the session's connections hold. */
  async readCommitted<T>(read: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const connection = await this.instance.connect();
    try {
      return await read(connection);
    } finally {
      connection.closeSync();
    }
  }

  /** A pool of `size` workers sharing the machine's threads and the workers' half of the memory. */
  startPool(size: number): ChunkPool {
    this.pool = createChunkPool(size, {
      threads: Math.max(1, Math.floor(availableParallelism() / size)),
      memoryLimitBytes: Math.floor((this.settings.memoryLimitBytes * (1 - DEFAULTS.coordinatorMemoryShare)) / size),
      spillDirectory: join(this.runDirectory, 'spill'),
    });
    return this.pool;
  }

  /**
   * Stops DuckDB's statement in progress on the coordinator's connections when `signal` aborts;
   * statements not yet started are stopped by the pipeline's own checks.
   */
  watch(signal: AbortSignal | undefined): void {
    if (signal === undefined) return;
    const interrupt = () => {
      this.connection.interrupt();
      this.exportConnection.interrupt();
    };
    // A signal that came while the database was being opened has no event left to fire.
    if (signal.aborted) return interrupt();
    signal.addEventListener('abort', interrupt, { once: true });
    this.unwatch = () => signal.removeEventListener('abort', interrupt);
  }

  private unwatch = () => {};

  async dispose(): Promise<void> {
    this.unwatch();
    // Each step runs whatever the one before did: a failed close must not leave files behind.
    const steps: Array<() => unknown> = [
      () => this.pool?.destroy(),
      () => this.settings.instance === undefined && checkpointBeforeClose(this.connection),
      () => this.exportConnection.closeSync(),
      () => this.connection.closeSync(),
      () => this.settings.instance === undefined && this.instance.closeSync(),
      // The instance's own spill directory, now that it is closed.
      () => this.settings.instance === undefined && rmSync(join(this.tempRoot, SPILL), { recursive: true, force: true }),
      () => rmSync(this.runDirectory, { recursive: true, force: true }),
      () => this.settings.instance === undefined && releaseLease(this.settings.db, this.tempRoot),
      // A --temp-dir that did not exist goes too, if nothing else was put in it meanwhile.
      () => removeCreatedDirectories(this.madeDirectories),
    ];
    let failure: unknown;
    for (const step of steps) {
      try {
        await step();
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== undefined) throw failure;
  }
}
