import { availableParallelism } from 'node:os';
import type { Logger } from 'pino';
import { Piscina } from 'piscina';
import { classifyResourceError } from '../../db/duckdb-errors.js';
import { DEFAULTS } from '../../defaults.js';
import { chunkFailed, errorMessage } from '../../errors/index.js';
import { CHUNK_WORKER_FILE } from '../../paths.js';
import type { ChunkFailure, ChunkResult, ChunkSuccess, ChunkTask, WorkerSettings } from '../../workers/messages.js';

export type ChunkPool = Piscina<ChunkTask, ChunkResult>;

/**
 * `workers` workers sharing the machine's threads and the workers' part of `memoryLimitBytes` (the
 * rest, DEFAULTS.coordinatorMemoryShare, is the coordinator's), each spilling under `spillDirectory`.
 */
export function createChunkPool(workers: number, memoryLimitBytes: number, spillDirectory: string): ChunkPool {
  const settings: WorkerSettings = {
    threads: Math.max(1, Math.floor(availableParallelism() / workers)),
    memoryLimitBytes: Math.floor((memoryLimitBytes * (1 - DEFAULTS.coordinatorMemoryShare)) / workers),
    spillDirectory,
  };
  return new Piscina<ChunkTask, ChunkResult>({
    filename: CHUNK_WORKER_FILE,
    minThreads: workers,
    maxThreads: workers,
    workerData: settings,
  });
}

/**
 * Runs one chunk, retrying a failed attempt. A worker that throws answers with a ChunkFailure; one
 * that dies rejects the promise, and Piscina replaces the thread, so both are retried alike.
 */
export async function runChunk(
  pool: ChunkPool,
  task: ChunkTask,
  retries: number,
  logger: Logger,
): Promise<ChunkSuccess> {
  let failure: ChunkFailure | undefined;
  for (let attempt = 0; attempt <= retries; attempt++) {
    let result: ChunkResult;
    try {
      result = await pool.run({ ...task, attempt });
    } catch (error) {
      result = {
        ok: false,
        chunk: task.chunk,
        error: { name: error instanceof Error ? error.name : 'Error', message: errorMessage(error) },
      };
    }
    if (result.ok) return result;
    failure = result;
    logger.warn(
      { period: task.period, chunk: task.chunk, attempt: attempt + 1, error: result.error.message },
      'chunk failed',
    );
  }
  const cause = failure?.error.message ?? 'unknown error';
  // Out of memory or disk is not the chunk's fault: say which resource ran out.
  const { spillDirectory } = pool.options.workerData as WorkerSettings;
  const resources = { memoryLimit: 'of a worker', spillDirectory };
  const failed = chunkFailed(task.chunk, task.period, retries + 1, cause, failure);
  throw classifyResourceError(new Error(cause), resources) ?? failed;
}
