import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { exec } from '../../db/database.js';
import { faultPoint } from '../../faults.js';
import { makeDirectories } from '../../files/dirs.js';
import { LatencyHistogram } from '../../model/latency.js';
import type { PhaseTimer } from '../../model/phases.js';
import { sumCounts } from '../../model/run-report.js';
import { exchangeRelation, type Statement, sql, subquery } from '../../sql/index.js';
import type { ChunkSuccess } from '../../workers/messages.js';
import type { PeriodInput } from '../1-plan/planner.js';
import type { EngineContext } from '../context.js';
import { oneChunkFile, partitionFiles } from '../temp-files.js';
import { type ChunkPool, runChunk } from './pool.js';
import { type ChangeSet, type ChangeSetStrategy, changesAny, type SnapshotExport } from './strategy.js';

/**
 * Workers: export both sides partitioned by hash range, one task a chunk, change sets to Parquet.
 * The current versions are exported only when the previous period was not applied by this run:
 * after a checked apply they equal that period's snapshot export, which is reused (but with hard
 * deletes ignored).
 */
export function workersStrategy(
  ctx: EngineContext,
  pool: ChunkPool,
  chunks: number,
  retries: number,
): ChangeSetStrategy {
  const periodDirectory = (period: number) => join(ctx.runDirectory, `period-${period}`);
  const exportTo = async (hashes: Statement, dir: string, params?: Record<string, number>) => {
    if (chunks > 1)
      return exec(ctx.exportConnection, sql.exportChunks(ctx.spec, subquery(hashes), chunks, dir), params);
    // One chunk is one file: PARTITION_BY costs CPU the apply it overlaps is short of (1.2M
    // pairs: 0.27 s partitioned, 0.16 s to one file, on 2 cores, with zstd at the time).
    await exec(ctx.exportConnection, sql.copyToExchange(subquery(hashes), oneChunkFile(dir)), params);
  };

  async function computeChunks(
    input: PeriodInput,
    snapshotFiles: SnapshotExport,
    currentFiles: SnapshotExport,
    changesDir: string,
  ) {
    const latency = new LatencyHistogram();
    let done = 0;
    const settled = await Promise.allSettled(
      Array.from({ length: chunks }, async (_, chunk) => {
        const task = {
          period: input.period,
          chunk,
          snapshotFiles: snapshotFiles.get(chunk) ?? [],
          currentFiles: currentFiles.get(chunk) ?? [],
          keyTypes: ctx.keyTypes,
          outputFile: join(changesDir, `chunk-${chunk}.parquet`),
          attempt: 0,
        };
        const result = await runChunk(pool, task, retries, ctx.logger);
        latency.record(result.latencyMicros);
        ctx.logger.debug(
          {
            period: input.period,
            phase: 'compute',
            chunk,
            worker: result.worker,
            latencyMicros: result.latencyMicros,
            rows: result.rows,
          },
          'chunk done',
        );
        done += 1;
        ctx.onProgress({ kind: 'chunk-done', period: input.period, chunk, done, total: chunks });
        return result;
      }),
    );
    // Every chunk settles before a failure is raised: destroying the pool while other workers are
    // inside a DuckDB query aborts the whole process (the addon throws during thread teardown).
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    return { results: settled.map((s) => (s as PromiseFulfilledResult<ChunkSuccess>).value), latency };
  }

  return {
    // With hard deletes ignored, removed keys stay current: the current versions are more than the
    // previous snapshot, so they are exported after each apply, not taken from that snapshot.
    overlaps: ctx.spec.config.hardDeletes !== 'ignore',
    chunks,
    async prepare(input: PeriodInput, previous: SnapshotExport | undefined, timer: PhaseTimer): Promise<ChangeSet> {
      const dir = periodDirectory(input.period);
      const snapshotDir = join(dir, 'snapshot');
      const currentDir = join(dir, 'current');
      const changesDir = join(dir, 'changes');
      makeDirectories(changesDir);
      await timer.measure('export', async () => {
        await exportTo(sql.periodHashes(ctx.spec), snapshotDir, { period: input.period });
        if (previous === undefined) await exportTo(sql.currentHashes(ctx.spec), currentDir);
      });
      await faultPoint('export', input.period);
      const snapshot = partitionFiles(snapshotDir);
      const current = previous ?? partitionFiles(currentDir);
      const { results, latency } = await timer.measure('compute', () =>
        computeChunks(input, snapshot, current, changesDir),
      );
      const files = results.filter((r) => r.changeRows > 0).map((r) => join(changesDir, `chunk-${r.chunk}.parquet`));
      const timings = results.map(({ chunk, worker, startedAtMs, finishedAtMs, rows }) => ({
        chunk,
        worker,
        startedAtMs,
        finishedAtMs,
        rows,
      }));
      const counts = sumCounts(results);
      return {
        ...counts,
        relation: changesAny(counts) ? exchangeRelation(files, ctx.keyTypes) : undefined,
        latency,
        snapshot,
        timings,
      };
    },
    async release(prepared) {
      rmSync(join(periodDirectory(prepared.input.period), 'changes'), { recursive: true, force: true });
    },
    retire(prepared) {
      rmSync(periodDirectory(prepared.input.period), { recursive: true, force: true });
    },
  };
}
