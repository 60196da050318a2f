import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { checkpointBeforeClose, memoryLimitText, removeDatabaseFiles } from '../db/database.js';
import { isInterrupt, type ResourceContext, translateDuckdbErrors } from '../db/duckdb-errors.js';
import { connect } from '../db/lake.js';
import { ExitCode, INTERRUPTED, ScdError, stopped } from '../errors/index.js';
import { removeCreatedDirectories } from '../files/dirs.js';
import type { SessionSettings } from '../options/session-options.js';
import type { TableName } from '../sql/index.js';
import { type ChunkPool, createChunkPool } from './2-change-sets/pool.js';
import { firstFailure, releasing } from './disposal.js';
import { claimLakeHistory } from './lake-writer.js';
import { openResources, type SessionResources, SPILL } from './session-open.js';
import { releaseLease } from './temp-files.js';

/** Whether `error` is how a signal stopped the work: a statement DuckDB interrupted, or a check between them. */
const isInterruption = (error: unknown) =>
  isInterrupt(error) || (error instanceof ScdError && error.details === INTERRUPTED);

/** The error a command that a signal stopped ends with, told from what the database holds. */
type Interrupted = (signal: string, error: unknown) => Promise<Error>;

/**
 * One owner for a writing command's resources: the instance (unless the caller lent one), the
 * coordinator's two connections, the command's temporary directory and the worker pool. A command
 * holds it with `await using session = await RunSession.open(...)`, which releases it all when the
 * command's scope ends, and does its work in `session.run(...)`.
 */
export class RunSession implements AsyncDisposable {
  private pool: ChunkPool | undefined;
  /** Set by a failed run that took back all it wrote: a database file it created goes too. */
  nothingKept = false;
  /** Set once the work failed: a failure to release is then not reported over it. */
  private failed = false;
  /** Bad input is refused before anything is written: a database this session created holds nothing. */
  private refused = false;
  private unwatch = () => {};
  /** Releases this session's claim on its history in a lake (lake-writer.ts). */
  private unclaim = () => {};
  private running: Promise<unknown> | undefined;

  private constructor(
    private readonly settings: SessionSettings,
    private readonly owned: SessionResources,
  ) {}

  get connection(): DuckDBConnection {
    return this.owned.connection;
  }

  /** A second connection of the same instance, so that exports overlap the apply on `connection`. */
  get exportConnection(): DuckDBConnection {
    return this.owned.exportConnection;
  }

  get runDirectory(): string {
    return this.owned.runDirectory;
  }

  /**
   * `withPool`: workers may run, and get their share of the memory (DEFAULTS.coordinatorMemoryShare
   * is the coordinator's); without them the coordinator has it all.
   */
  static async open(settings: SessionSettings, withPool: boolean): Promise<RunSession> {
    return new RunSession(settings, await openResources(settings, withPool));
  }

  /**
   * Runs `work` with DuckDB's errors translated. Once the signal aborted, a statement it
   * interrupted, a check between statements, or work that finished anyway, ends the command with
   * the error `interrupted` makes (given what the work threw) from what the database holds then,
   * never from what the work believed: a COMMIT the signal interrupted may have committed.
   */
  run<T>(work: () => Promise<T>, interrupted: Interrupted): Promise<T> {
    const running = this.settle(work, interrupted);
    // Returned without `await`, it outlives the caller's scope, which disposes the session: the
    // release waits for it (the pool must not go while workers are inside DuckDB).
    this.running = running.catch(() => undefined);
    return running;
  }

  private async settle<T>(work: () => Promise<T>, interrupted: Interrupted): Promise<T> {
    const { db, signal } = this.settings;
    try {
      this.watch();
      const result = await translateDuckdbErrors(db, this.resources(), work);
      this.throwIfAborted();
      return result;
    } catch (error) {
      this.failed = true;
      this.refused = error instanceof ScdError && error.exitCode === ExitCode.badInput;
      if (!signal?.aborted || !isInterruption(error)) throw error;
      throw await translateDuckdbErrors(db, this.resources(), () => interrupted(String(signal.reason), error));
    }
  }

  /** Throws once the signal aborted: between statements, DuckDB has none in progress to interrupt. */
  throwIfAborted(): void {
    const { signal } = this.settings;
    if (signal?.aborted) throw stopped(String(signal.reason));
  }

  /** What a resource failure is reported against; a lent instance spills where its owner said. */
  private resources(): ResourceContext {
    const { instance, lake } = this.settings;
    const root = lake === undefined ? this.owned.tempRoot : this.runDirectory;
    const spillDirectory = instance === undefined ? join(root, SPILL) : undefined;
    return { memoryLimit: memoryLimitText(this.settings), spillDirectory };
  }

  /** `read` on a connection of its own: it sees what is committed, whatever the session's connections hold. */
  async readCommitted<T>(read: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const connection = await connect(this.owned.instance);
    try {
      return await read(connection);
    } finally {
      connection.closeSync();
    }
  }

  /** In a lake: claims `target` for this session's writes, refused while another process writes it. */
  claimLakeHistory(target: TableName): void {
    const { lake } = this.settings;
    if (lake !== undefined) this.unclaim = claimLakeHistory(lake.catalog, target);
  }

  /** A pool of `size` workers, spilling under the run directory; destroyed with the session. */
  startPool(size: number): ChunkPool {
    this.pool = createChunkPool(size, this.settings.memoryLimitBytes, join(this.runDirectory, 'spill'));
    return this.pool;
  }

  /**
   * Stops DuckDB's statement in progress on the coordinator's connections when the signal aborts;
   * statements not yet started are stopped by throwIfAborted, between them.
   */
  private watch(): void {
    const { signal } = this.settings;
    if (signal === undefined) return;
    const interrupt = () => {
      this.connection.interrupt();
      this.exportConnection.interrupt();
    };
    // A signal that came while the database was being opened has no event left to fire.
    if (signal.aborted) {
      interrupt();
      return;
    }
    signal.addEventListener('abort', interrupt, { once: true });
    this.unwatch = () => signal.removeEventListener('abort', interrupt);
  }

  /**
   * Releases it all, each release whatever the one before did (a failed close must not leave files
   * behind), the first failure reported with DuckDB's errors translated, unless the work failed
   * before it. Then a database file the session created goes, when the work was refused or took
   * back all it wrote.
   */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.running;
    this.unwatch();
    const release = () => this.release().catch((error: unknown) => Promise.reject(firstFailure(error)));
    try {
      await translateDuckdbErrors(this.settings.db, this.resources(), release);
    } catch (error) {
      if (!this.failed) throw error;
    }
    if ((this.refused || this.nothingKept) && this.owned.created) removeDatabaseFiles(this.settings.db);
  }

  /**
   * `await using` releases in the reverse of declaration, so this reads from the bottom up: the
   * pool first (its workers must be out of DuckDB, which the pipeline guarantees by settling every
   * prepare), the checkpoint, the connections and the instance, then the files.
   */
  private async release(): Promise<void> {
    const own = this.settings.instance === undefined;
    const sole = own && this.settings.lake === undefined;
    // A --temp-dir that did not exist goes too, if nothing else was put in it meanwhile.
    await using _directories = releasing(() => removeCreatedDirectories(this.owned.made));
    await using _claim = releasing(() => this.unclaim());
    await using _lease = releasing(() => sole && releaseLease(this.settings.db, this.owned.tempRoot));
    await using _runDirectory = releasing(() => rmSync(this.runDirectory, { recursive: true, force: true }));
    // The instance's own spill directory, once the instance is closed.
    await using _spill = releasing(
      () => sole && rmSync(join(this.owned.tempRoot, SPILL), { recursive: true, force: true }),
    );
    await using _instance = releasing(() => own && this.owned.instance.closeSync());
    await using _connection = releasing(() => this.connection.closeSync());
    await using _exportConnection = releasing(() => this.exportConnection.closeSync());
    await using _checkpoint = releasing(() => sole && checkpointBeforeClose(this.connection));
    await using _pool = releasing(() => this.pool?.destroy());
  }
}
