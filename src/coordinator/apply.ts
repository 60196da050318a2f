import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { TEMP_PARQUET_OPTIONS } from '../constants.js';
import { exec, one, toNumber, withTransaction } from '../db/database.js';
import { ExitCode, ScdError } from '../errors.js';
import { faultPoint } from '../faults.js';
import { type Fragment, chunkOf, fileList, ident, literal, raw, render } from '../sql/index.js';
import { computeChangeSet } from '../workers/change-set.js';
import type { ChunkSuccess } from '../workers/messages.js';
import { type EngineContext, tableFragments } from './context.js';
import { LatencyHistogram } from './metrics.js';
import { runChunk } from './pool.js';
import { type ChangeCounts, type PeriodReport, rate, sumCounts } from './report.js';
import { partitionFiles } from './temp-files.js';

export interface PeriodInput {
  readonly period: number;
  readonly effectiveDate: string;
}

/** A period's snapshot export, (k, h) by chunk. Once the period is applied and checked, it is exactly the current versions. */
export type SnapshotExport = ReadonlyMap<number, readonly string[]>;

interface ChangeSet extends ChangeCounts {
  /** A relation of (k, action) for the MERGE and INSERT; undefined when nothing changed. */
  readonly relation: Fragment | undefined;
  readonly latency: LatencyHistogram;
  readonly exportSeconds: number;
  readonly snapshot: SnapshotExport | undefined;
}

interface VerifyRow {
  duplicate_current: bigint;
  current_rows: bigint;
  snapshot_rows: bigint;
  fingerprint_match: boolean;
  flag_mismatch: bigint;
  inverted: bigint;
  future_bounds: bigint;
}

/**
 * Workers: export both sides partitioned by hash range, one task a chunk, change sets to Parquet.
 * The current versions are exported only when the previous period was not applied by this run:
 * after a checked apply they equal that period's snapshot export, which is reused.
 */
async function changeSetByWorkers(
  ctx: EngineContext,
  input: PeriodInput,
  dir: string,
  previous: SnapshotExport | undefined,
): Promise<ChangeSet> {
  const pool = ctx.pool;
  if (pool === undefined) throw new Error('worker change sets need a pool');
  const f = tableFragments(ctx.config);
  const exportTo = (template: string, dir: string, params?: Record<string, number>) =>
    exec(
      ctx.exportConnection,
      render('export_chunks', {
        hashes: raw(render(template, f)),
        chunk: chunkOf('k', ctx.chunks),
        dir: literal(dir),
        parquet_options: raw(TEMP_PARQUET_OPTIONS),
      }),
      params,
    );
  const snapshotDir = join(dir, 'snapshot');
  const currentDir = join(dir, 'current');
  const changesDir = join(dir, 'changes');
  mkdirSync(changesDir, { recursive: true });
  const startedAt = performance.now();
  await exportTo('period_hashes', snapshotDir, { period: input.period });
  if (previous === undefined) await exportTo('current_hashes', currentDir);
  const exportSeconds = (performance.now() - startedAt) / 1000;
  await faultPoint('export', input.period);
  const snapshotFiles = partitionFiles(snapshotDir);
  const currentFiles = previous ?? partitionFiles(currentDir);

  const latency = new LatencyHistogram();
  let done = 0;
  const settled = await Promise.allSettled(
    Array.from({ length: ctx.chunks }, async (_, chunk) => {
      const result = await runChunk(
        pool,
        {
          period: input.period,
          chunk,
          snapshotFiles: snapshotFiles.get(chunk) ?? [],
          currentFiles: currentFiles.get(chunk) ?? [],
          keyType: ctx.keyType,
          outputFile: join(changesDir, `chunk-${chunk}.parquet`),
          attempt: 0,
        },
        ctx.retries,
        ctx.logger,
      );
      latency.record(result.latencyMicros);
      done += 1;
      ctx.onProgress({ kind: 'chunk-done', period: input.period, chunk, done, total: ctx.chunks });
      return result;
    }),
  );
  // Every chunk settles before a failure is raised: destroying the pool while other workers are
  // inside a DuckDB query aborts the whole process (the addon throws during thread teardown).
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  const results = settled.map((s) => (s as PromiseFulfilledResult<ChunkSuccess>).value);
  const files = results.filter((r) => r.changeRows > 0).map((r) => join(changesDir, `chunk-${r.chunk}.parquet`));
  return {
    ...sumCounts(results),
    relation: files.length === 0 ? undefined : raw(`read_parquet(${fileList(files).sql})`),
    latency,
    exportSeconds,
    snapshot: snapshotFiles,
  };
}

/** Inline: the same change-set SQL as the workers, run once over the whole period by the coordinator. */
async function changeSetInline(ctx: EngineContext, input: PeriodInput): Promise<ChangeSet> {
  const f = tableFragments(ctx.config);
  const snapshot = raw(`(${render('period_hashes', f)})`);
  const current = raw(`(${render('current_hashes', f)})`);
  const startedAt = performance.now();
  const counts = await computeChangeSet(ctx.connection, snapshot, current, 'scd_change_set', { period: input.period });
  const latency = new LatencyHistogram();
  latency.record((performance.now() - startedAt) * 1000);
  ctx.onProgress({ kind: 'chunk-done', period: input.period, chunk: 0, done: 1, total: 1 });
  return {
    ...counts,
    relation: counts.changeRows === 0 ? undefined : ident('scd_change_set'),
    latency,
    exportSeconds: 0,
    snapshot: undefined,
  };
}

function periodDirectory(ctx: EngineContext, period: number): string {
  return join(ctx.runDirectory, `period-${period}`);
}

/** Seconds since the previous call (or creation). */
function stopwatch(): () => number {
  let last = performance.now();
  return () => {
    const now = performance.now();
    const seconds = (now - last) / 1000;
    last = now;
    return seconds;
  };
}

function verifyFailures(row: VerifyRow, expectedRows: number): string[] {
  const failures: string[] = [];
  if (toNumber(row.duplicate_current) > 0) failures.push(`${row.duplicate_current} keys have more than one current version`);
  if (toNumber(row.current_rows) !== expectedRows || toNumber(row.snapshot_rows) !== expectedRows) {
    failures.push(`${row.current_rows} current versions for ${row.snapshot_rows} snapshot rows`);
  }
  if (!row.fingerprint_match) failures.push('current versions do not match the snapshot (fingerprint)');
  if (toNumber(row.flag_mismatch) > 0) failures.push(`${row.flag_mismatch} versions have is_current_record inconsistent with dbt_valid_to`);
  if (toNumber(row.inverted) > 0) failures.push(`${row.inverted} versions have dbt_valid_to <= dbt_valid_from`);
  if (toNumber(row.future_bounds) > 0) failures.push(`${row.future_bounds} versions have bounds after the period`);
  return failures;
}

interface Prepared {
  readonly input: PeriodInput;
  readonly changes: ChangeSet;
  /** Export and change sets together; the export alone is changes.exportSeconds. */
  readonly prepareSeconds: number;
}

async function prepare(
  ctx: EngineContext,
  input: PeriodInput,
  inline: boolean,
  previous: SnapshotExport | undefined,
): Promise<Prepared> {
  const startedAt = performance.now();
  ctx.onProgress({ kind: 'period-start', period: input.period, chunks: inline ? 1 : ctx.chunks });
  const changes = inline
    ? await changeSetInline(ctx, input)
    : await changeSetByWorkers(ctx, input, periodDirectory(ctx, input.period), previous);
  return { input, changes, prepareSeconds: (performance.now() - startedAt) / 1000 };
}

/**
 * ONE transaction: close changed and removed versions (MERGE), insert new ones, check integrity
 * and record the period; any failure rolls the whole period back.
 */
async function commit(ctx: EngineContext, prepared: Prepared, startedAt: number): Promise<{ report: PeriodReport; latency: LatencyHistogram }> {
  const { input, changes } = prepared;
  const fragments = tableFragments(ctx.config);
  const params = { effective_date: input.effectiveDate, period: input.period };
  const lap = stopwatch();
  const steps = await withTransaction(ctx.connection, async () => {
    let mergeSeconds = 0;
    let insertSeconds = 0;
    if (changes.relation !== undefined) {
      const closed = await ctx.connection.run(render('close_versions', { ...fragments, changes: changes.relation }), {
        effective_date: input.effectiveDate,
      });
      mergeSeconds = lap();
      await faultPoint('merge', input.period);
      const inserted = await ctx.connection.run(render('insert_versions', { ...fragments, changes: changes.relation }), {
        ...params,
        updated_at: ctx.updatedAt,
      });
      insertSeconds = lap();
      await faultPoint('insert', input.period);
      const expectedClosed = changes.changedVersions + changes.removedVersions;
      const expectedInserted = changes.newVersions + changes.changedVersions;
      if (toNumber(closed.rowsChanged) !== expectedClosed || toNumber(inserted.rowsChanged) !== expectedInserted) {
        throw new ScdError(
          `period ${input.period}: closed ${closed.rowsChanged} of ${expectedClosed} and inserted ${inserted.rowsChanged} of ${expectedInserted} versions; rolled back`,
          ExitCode.checkFailed,
        );
      }
    }
    const verify = await one<VerifyRow>(ctx.connection, render('verify_apply', fragments), params);
    await faultPoint('check', input.period);
    const failures = verifyFailures(verify, changes.rowsRead);
    if (failures.length > 0) {
      throw new ScdError(`integrity check failed after period ${input.period}; rolled back: ${failures.join('; ')}`, ExitCode.checkFailed, failures);
    }
    await exec(ctx.connection, render('periods_record', fragments), {
      target: ctx.config.targetTable,
      period: input.period,
      effective_date: input.effectiveDate,
      applied_at: ctx.updatedAt,
      rows_read: changes.rowsRead,
      new_versions: changes.newVersions,
      changed_versions: changes.changedVersions,
      removed_versions: changes.removedVersions,
    });
    const checkSeconds = lap();
    await faultPoint('commit', input.period);
    return { mergeSeconds, insertSeconds, checkSeconds };
  });
  const commitSeconds = lap();
  await faultPoint('committed', input.period);
  const seconds = (performance.now() - startedAt) / 1000;
  ctx.onProgress({ kind: 'period-done', period: input.period, status: 'applied', seconds });
  const report: PeriodReport = {
    period: input.period,
    effectiveDate: input.effectiveDate,
    status: 'applied',
    rowsRead: changes.rowsRead,
    newVersions: changes.newVersions,
    changedVersions: changes.changedVersions,
    removedVersions: changes.removedVersions,
    unchanged: changes.unchanged,
    seconds,
    rowsPerSecond: rate(changes.rowsRead, seconds),
    chunkLatency: changes.latency.summary(),
    slaBreached: seconds > ctx.slaSeconds,
    phases: {
      exportSeconds: changes.exportSeconds,
      computeSeconds: prepared.prepareSeconds - changes.exportSeconds,
      ...steps,
      commitSeconds,
    },
  };
  return { report, latency: changes.latency };
}

/**
 * Applies `inputs` in order. With workers the run is a two-stage pipeline: period i+1's export
 * and change sets depend only on the snapshots of i and i+1 (after a checked apply, the current
 * versions are exactly period i's snapshot), so they are computed while period i is applied.
 * A period's `seconds` is the wall time it adds to the run: from the end of the previous commit
 * to the end of its own; its export and compute phases may have overlapped the previous apply.
 * Inline change sets live in a temporary table of the apply's connection, so they do not overlap.
 */
export async function applyPeriods(
  ctx: EngineContext,
  inputs: readonly PeriodInput[],
  inline: boolean,
  onApplied: (result: { report: PeriodReport; latency: LatencyHistogram }) => void,
): Promise<void> {
  let next: Promise<Prepared> | undefined = inputs[0] === undefined ? undefined : prepare(ctx, inputs[0], inline, undefined);
  try {
    for (let i = 0; i < inputs.length; i++) {
      const startedAt = performance.now();
      const prepared = await (next as Promise<Prepared>);
      const following = inputs[i + 1];
      next = following === undefined || inline ? undefined : prepare(ctx, following, inline, prepared.changes.snapshot);
      // It may fail before it is awaited (after this commit); mark it handled so that the failure
      // surfaces there, not as an unhandled rejection.
      next?.catch(() => undefined);
      const previousPeriod = inputs[i - 1];
      if (previousPeriod !== undefined) rmSync(periodDirectory(ctx, previousPeriod.period), { recursive: true, force: true });
      try {
        onApplied(await commit(ctx, prepared, startedAt));
      } finally {
        rmSync(join(periodDirectory(ctx, prepared.input.period), 'changes'), { recursive: true, force: true });
        if (inline) await exec(ctx.connection, 'DROP TABLE IF EXISTS scd_change_set');
      }
      if (next === undefined && inline && following !== undefined) next = prepare(ctx, following, inline, undefined);
    }
  } finally {
    // Never leave a prepare running: the pool is destroyed next, and destroying it while workers
    // are inside DuckDB aborts the process.
    await next?.catch(() => undefined);
  }
}
