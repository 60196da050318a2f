import { accessSync, constants, existsSync, rmSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { pino, type Logger } from 'pino';
import { type TableConfig, resolveTableConfig } from '../config.js';
import {
  AUTO_MIN_ROWS_PER_CHUNK,
  DEFAULT_RETRIES,
  DEFAULT_SLA_SECONDS,
  DEFAULT_WORKERS,
  MAX_CHUNKS,
  MAX_WORKERS,
} from '../constants.js';
import { all, exec, one, openInstance, toNumber } from '../db/database.js';
import { badInput } from '../errors.js';
import { columnDefinitions, render } from '../sql/index.js';
import { type PeriodInput, applyPeriods } from './apply.js';
import { type EngineContext, type ProgressEvent, tableFragments } from './context.js';
import { fullRefresh } from './full-refresh.js';
import { LatencyHistogram } from './metrics.js';
import { type PeriodSelection, emptyPeriodDate, planFullRefresh, planPeriods } from './plan.js';
import { type ChunkPool, createChunkPool } from './pool.js';
import { type PeriodReport, type RunReport, rate, sumCounts } from './report.js';
import { type AppliedPeriod, type Column, appliedPeriods, checkTargetShape, describeTable, inspectSource } from './schema.js';
import { validateKeys } from './validate.js';
import { createRunDirectory, removeStaleRuns, tempRootFor } from './temp-files.js';

export interface RunOptions {
  readonly db: string;
  /**
   * An instance the caller already holds on `db` (a long-lived process must not open a second
   * one on the same file). It is left open; memoryLimitBytes does not apply to it.
   */
  readonly instance?: DuckDBInstance;
  readonly table?: Partial<TableConfig>;
  readonly selection: PeriodSelection;
  readonly chunks?: number | 'auto';
  readonly workers?: number;
  readonly fullRefresh?: boolean;
  /** Compute change sets in the coordinator with one set-based query instead of the pool. */
  readonly inline?: boolean;
  /** Memory for DuckDB, coordinator and workers together (default: half of RAM). */
  readonly memoryLimitBytes?: number;
  readonly tempDirectory?: string;
  readonly slaSeconds?: number;
  /** Apply an explicitly requested period that has no rows, closing every current version. */
  readonly allowEmpty?: boolean;
  /** Attempts after the first for a failed chunk. */
  readonly retries?: number;
  readonly logger?: Logger;
  readonly onProgress?: (event: ProgressEvent) => void;
}

function checkInteger(flag: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw badInput(`${flag} must be an integer from ${min} to ${max}, got ${value}`);
  }
  return value;
}

/** `--chunks auto`: one chunk per AUTO_MIN_ROWS_PER_CHUNK rows, never fewer than one. */
export function autoChunks(rowsPerPeriod: number): number {
  return Math.min(MAX_CHUNKS, Math.max(1, Math.floor(rowsPerPeriod / AUTO_MIN_ROWS_PER_CHUNK)));
}

/** DuckDB writes the file and a .wal beside it; say so before it fails halfway. */
function checkWritable(db: string): void {
  for (const path of [db, dirname(resolve(db))]) {
    try {
      accessSync(path, constants.W_OK);
    } catch {
      throw badInput(`${path === db ? 'database' : 'database directory'} ${path} is not writable`);
    }
  }
}

function timestampNow(): string {
  return new Date().toISOString().replace('T', ' ').replace('Z', '');
}

interface SourcePeriod {
  period: bigint;
  effective_date: string | null;
  row_count: bigint;
}

/** Every period to apply needs an effective date later than the one before it, or validity inverts. */
function periodInputs(
  source: readonly SourcePeriod[],
  apply: readonly number[],
  lastApplied: { period: number; effectiveDate: string } | undefined,
): PeriodInput[] {
  const inputs: PeriodInput[] = [];
  let previous = lastApplied;
  for (const period of apply) {
    const row = source.find((s) => toNumber(s.period) === period);
    const effectiveDate = row === undefined ? emptyPeriodDate(period, previous) : row.effective_date;
    if (effectiveDate === null) throw badInput(`period ${period} has no effective date`);
    if (previous !== undefined && effectiveDate <= previous.effectiveDate) {
      throw badInput(`period ${period} has effective date ${effectiveDate}, not after the previous period's ${previous.effectiveDate}`);
    }
    inputs.push({ period, effectiveDate });
    previous = { period, effectiveDate };
  }
  return inputs;
}

interface Settings {
  readonly config: TableConfig;
  readonly logger: Logger;
  readonly workers: number;
  readonly retries: number;
  readonly slaSeconds: number;
  readonly memoryLimitBytes: number;
  readonly inline: boolean;
  readonly tempRoot: string;
}

function resolveSettings(options: RunOptions): Settings {
  const workers = checkInteger('--workers', options.workers ?? DEFAULT_WORKERS, 1, MAX_WORKERS);
  if (options.chunks !== undefined && options.chunks !== 'auto') checkInteger('--chunks', options.chunks, 1, MAX_CHUNKS);
  const retries = checkInteger('--retries', options.retries ?? DEFAULT_RETRIES, 0, 100);
  const slaSeconds = options.slaSeconds ?? DEFAULT_SLA_SECONDS;
  if (!(slaSeconds > 0)) throw badInput(`--sla-seconds must be positive, got ${slaSeconds}`);
  const memoryLimitBytes = options.memoryLimitBytes ?? Math.floor(totalmem() / 2);
  if (!(memoryLimitBytes > 0)) throw badInput(`--memory-limit must be positive, got ${memoryLimitBytes}`);
  if (!existsSync(options.db)) throw badInput(`database ${options.db} does not exist`);
  checkWritable(options.db);
  return {
    config: resolveTableConfig(options.table),
    logger: options.logger ?? pino({ level: 'silent' }),
    workers,
    retries,
    slaSeconds,
    memoryLimitBytes,
    inline: options.inline ?? false,
    tempRoot: tempRootFor(options.db, options.tempDirectory),
  };
}

/** What the database holds now: the source's shape and periods, and what has been applied. */
interface State {
  readonly sourceColumns: Column[];
  readonly source: SourcePeriod[];
  readonly applied: AppliedPeriod[];
  readonly targetColumns: Column[] | undefined;
}

async function readState(connection: DuckDBConnection, config: TableConfig): Promise<State> {
  const fragments = tableFragments(config);
  const sourceColumns = await inspectSource(connection, config);
  const source = await all<SourcePeriod>(connection, render('source_periods', fragments));
  return {
    sourceColumns,
    source,
    applied: await appliedPeriods(connection, config.targetTable),
    targetColumns: await describeTable(connection, config.targetTable),
  };
}

interface RunPlan {
  readonly fullRefresh: boolean;
  readonly inputs: PeriodInput[];
  readonly alreadyApplied: readonly number[];
}

/** Which periods this run applies, refused before anything is written if the request or the history does not allow it. */
async function planRun(connection: DuckDBConnection, config: TableConfig, state: State, options: RunOptions): Promise<RunPlan> {
  const sourcePeriods = state.source.map((s) => toNumber(s.period));
  if (options.fullRefresh) {
    return { fullRefresh: true, inputs: periodInputs(state.source, planFullRefresh(sourcePeriods, options.selection), undefined), alreadyApplied: [] };
  }
  const plan = planPeriods(
    sourcePeriods,
    state.applied.map((a) => a.period),
    options.selection,
    options.allowEmpty,
  );
  if (state.targetColumns !== undefined) {
    checkTargetShape(state.targetColumns, state.sourceColumns, config);
    // An empty history without periods is what a run killed before its first commit leaves.
    const target = tableFragments(config).target.sql;
    if (state.applied.length === 0 && (await one<{ n: bigint }>(connection, `SELECT count(*) AS n FROM ${target}`)).n > 0n) {
      throw badInput(`history table ${config.targetTable} exists but no applied periods are recorded for it; rebuild with --full-refresh`);
    }
  }
  return { fullRefresh: false, inputs: periodInputs(state.source, plan.apply, state.applied.at(-1)), alreadyApplied: plan.alreadyApplied };
}

/**
 * `scd-parallel run`: brings the history up to date with the selected periods, one transaction
 * per period (or one for --full-refresh). The coordinator is the only holder of the database
 * file; workers see Parquet exports only.
 */
export async function runScd(options: RunOptions): Promise<RunReport> {
  const startedAt = performance.now();
  const settings = resolveSettings(options);
  const { config, logger, inline, tempRoot } = settings;
  const instance =
    options.instance ??
    (await openInstance(options.db, {
      memoryLimitBytes: inline ? settings.memoryLimitBytes : Math.floor(settings.memoryLimitBytes / 2),
      tempDirectory: join(tempRoot, 'spill'),
    }));
  let pool: ChunkPool | undefined;
  let runDirectory: string | undefined;
  try {
    const connection = await instance.connect();
    const exportConnection = await instance.connect();
    try {
      // Holding the file read-write makes this the only run: anything under tempRoot is a leftover.
      const stale = removeStaleRuns(tempRoot);
      if (stale > 0) logger.warn({ stale, tempRoot }, 'removed temporary files of an earlier run');
      runDirectory = createRunDirectory(tempRoot);

      const state = await readState(connection, config);
      const plan = await planRun(connection, config, state, options);
      await validateKeys(
        connection,
        config,
        plan.inputs.map((i) => i.period),
      );

      const planned = new Set(plan.inputs.map((i) => i.period));
      const largestPeriodRows = Math.max(0, ...state.source.filter((s) => planned.has(toNumber(s.period))).map((s) => toNumber(s.row_count)));
      const chunks = options.chunks === undefined || options.chunks === 'auto' ? autoChunks(largestPeriodRows) : options.chunks;
      const usePool = !inline && !plan.fullRefresh && plan.inputs.length > 0;
      // More workers than chunks would idle; fewer workers each get more of the cores.
      const poolSize = Math.min(settings.workers, chunks);
      if (usePool) {
        pool = createChunkPool(poolSize, {
          threads: Math.max(1, Math.floor(availableParallelism() / poolSize)),
          memoryLimitBytes: Math.floor(settings.memoryLimitBytes / 2 / poolSize),
          spillDirectory: join(runDirectory, 'spill'),
        });
      }
      const ctx: EngineContext = {
        connection,
        exportConnection,
        config,
        sourceColumns: state.sourceColumns,
        keyType: state.sourceColumns.find((c) => c.name === config.keyColumn)?.type ?? 'VARCHAR',
        chunks,
        pool,
        retries: settings.retries,
        runDirectory,
        updatedAt: timestampNow(),
        slaSeconds: settings.slaSeconds,
        logger,
        onProgress: options.onProgress ?? (() => undefined),
      };
      const workers = usePool ? poolSize : 0;
      logger.info(
        { db: options.db, target: config.targetTable, periods: [...planned], chunks, workers, inline, fullRefresh: plan.fullRefresh },
        'run started',
      );

      const reports: PeriodReport[] = [];
      const runLatency = new LatencyHistogram();
      const fragments = tableFragments(config);
      if (plan.fullRefresh) {
        await exec(connection, render('periods_create', fragments));
        reports.push(...(await fullRefresh(ctx, Math.max(...planned))));
      } else {
        for (const period of plan.alreadyApplied) {
          reports.push(alreadyApplied(period, state.applied.find((a) => a.period === period)?.effectiveDate ?? ''));
          ctx.onProgress({ kind: 'period-done', period, status: 'already-applied', seconds: 0 });
        }
        if (plan.inputs.length > 0) {
          await exec(connection, render('periods_create', fragments));
          if (state.targetColumns === undefined) {
            await exec(connection, render('target_create', { ...fragments, source_columns: columnDefinitions(state.sourceColumns) }));
          }
        }
        await applyPeriods(ctx, plan.inputs, inline, ({ report, latency }) => {
          logger.info({ ...report }, 'period applied');
          reports.push(report);
          runLatency.add(latency);
        });
      }
      // Timed as part of the run: otherwise closing the database would checkpoint, untimed.
      await exec(connection, 'CHECKPOINT');
      reports.sort((a, b) => a.period - b.period);
      const report = runReport(options.db, settings, plan, reports, runLatency, {
        seconds: (performance.now() - startedAt) / 1000,
        chunks: usePool ? chunks : 1,
        workers,
      });
      logger.info({ totals: report.totals }, 'run finished');
      return report;
    } finally {
      exportConnection.closeSync();
      connection.closeSync();
    }
  } finally {
    await pool?.destroy();
    if (options.instance === undefined) instance.closeSync();
    if (runDirectory !== undefined) rmSync(runDirectory, { recursive: true, force: true });
  }
}

function runReport(
  db: string,
  settings: Settings,
  plan: RunPlan,
  reports: readonly PeriodReport[],
  latency: LatencyHistogram,
  run: { seconds: number; chunks: number; workers: number },
): RunReport {
  const counted = reports.filter((r) => r.status !== 'already-applied');
  const totals = sumCounts(counted);
  return {
    db,
    sourceTable: settings.config.sourceTable,
    targetTable: settings.config.targetTable,
    mode: plan.fullRefresh ? 'full-refresh' : 'incremental',
    changeSets: settings.inline ? 'inline' : 'workers',
    chunks: run.chunks,
    workers: run.workers,
    slaSeconds: settings.slaSeconds,
    periods: reports,
    totals: {
      ...totals,
      periodsApplied: counted.length,
      seconds: run.seconds,
      rowsPerSecond: rate(totals.rowsRead, run.seconds),
      chunkLatency: latency.summary(),
      slaBreached: run.seconds > settings.slaSeconds || reports.some((r) => r.slaBreached),
    },
  };
}

function alreadyApplied(period: number, effectiveDate: string): PeriodReport {
  return {
    period,
    effectiveDate,
    status: 'already-applied',
    rowsRead: 0,
    newVersions: 0,
    changedVersions: 0,
    removedVersions: 0,
    unchanged: 0,
    seconds: 0,
    rowsPerSecond: 0,
    chunkLatency: { count: 0, p50Micros: 0, p99Micros: 0, maxMicros: 0 },
    slaBreached: false,
    phases: null,
  };
}
