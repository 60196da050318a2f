import { join } from 'node:path';
import { threadId, workerData } from 'node:worker_threads';
import type { DuckDBInstance } from '@duckdb/node-api';
import { openInstance } from '../db/database.js';
import { errorMessage } from '../errors/index.js';
import { faultPoint, workerFault } from '../faults.js';
import { makeDirectories } from '../files/dirs.js';
import { exchangeRelation } from '../sql/index.js';
import { computeChangeSet } from './change-set.js';
import type { ChunkResult, ChunkTask, WorkerSettings } from './messages.js';

/**
 * Piscina worker entry. Each worker owns one in-memory DuckDB for its life and never opens the
 * coordinator's database file: in one process DuckDB's file lock does not stop a second handle,
 * and closing any handle would drop the process's POSIX lock on the file.
 */
const settings = workerData as WorkerSettings;
let instance: Promise<DuckDBInstance> | undefined;

function ownInstance(): Promise<DuckDBInstance> {
  if (instance === undefined) {
    const spillDirectory = join(settings.spillDirectory, `worker-${threadId}`);
    makeDirectories(spillDirectory);
    instance = openInstance(':memory:', {
      threads: settings.threads,
      memoryLimitBytes: settings.memoryLimitBytes,
      tempDirectory: spillDirectory,
    });
  }
  return instance;
}

export default async function computeChunk(task: ChunkTask): Promise<ChunkResult> {
  const startedAt = performance.now();
  try {
    workerFault(task.period, task.chunk, task.attempt);
    await faultPoint('compute', task.period);
    const connection = await (await ownInstance()).connect();
    try {
      const snapshot = exchangeRelation(task.snapshotFiles, task.keyTypes);
      const current = exchangeRelation(task.currentFiles, task.keyTypes);
      const counts = await computeChangeSet(connection, task.keyTypes.length, snapshot, current, {
        file: task.outputFile,
      });
      const finishedAt = performance.now();
      return {
        ok: true,
        chunk: task.chunk,
        ...counts,
        latencyMicros: Math.round((finishedAt - startedAt) * 1000),
        worker: threadId,
        // performance.timeOrigin is this thread's own: added, it gives wall-clock time comparable across threads.
        startedAtMs: performance.timeOrigin + startedAt,
        finishedAtMs: performance.timeOrigin + finishedAt,
        rows: counts.rowsRead,
      };
    } finally {
      connection.closeSync();
    }
  } catch (error) {
    return {
      ok: false,
      chunk: task.chunk,
      error: { name: error instanceof Error ? error.name : 'Error', message: errorMessage(error) },
    };
  }
}
