/** Every message that crosses the thread boundary. All plain data: Piscina structured-clones them. */
import type { ChangeCounts } from '../model/run-report.js';

/** Fixed per pool (Piscina workerData): each worker's own in-memory DuckDB gets a share of the machine. */
export interface WorkerSettings {
  readonly threads: number;
  readonly memoryLimitBytes: number;
  /** Spill directory of this pool; each worker uses its own subdirectory. */
  readonly spillDirectory: string;
}

export interface ChunkTask {
  readonly period: number;
  readonly chunk: number;
  /** Parquet files holding (k0.., h) of the period's snapshot rows in this chunk; empty when none. */
  readonly snapshotFiles: readonly string[];
  /** Parquet files holding (k0.., h) of the current versions in this chunk; empty when none. */
  readonly currentFiles: readonly string[];
  /** SQL types of the key columns k0.., for an empty side. */
  readonly keyTypes: readonly string[];
  /** Where the change set (k0.., action) goes. */
  readonly outputFile: string;
  /** 0 for the first attempt; retries count up. */
  readonly attempt: number;
}

/** Counts of a change set, with its own size. */
export interface ChangeSetCounts extends ChangeCounts {
  /** Rows in the change set, unchanged keys included; at 0 the worker's file is empty and the coordinator skips it. */
  readonly changeRows: number;
}

/** When and where a chunk's change set was computed, for the monitoring tables' timeline. */
export interface ChunkTiming {
  readonly chunk: number;
  /** The worker's thread id; 0 for the coordinator (inline). */
  readonly worker: number;
  /** Wall-clock milliseconds since the epoch. */
  readonly startedAtMs: number;
  readonly finishedAtMs: number;
  /** Snapshot rows of the chunk. */
  readonly rows: number;
}

export interface ChunkSuccess extends ChangeSetCounts, ChunkTiming {
  readonly ok: true;
  readonly latencyMicros: number;
}

export interface ChunkFailure {
  readonly ok: false;
  readonly chunk: number;
  readonly error: { readonly name: string; readonly message: string };
}

export type ChunkResult = ChunkSuccess | ChunkFailure;
