import type { DuckDBInstance } from '@duckdb/node-api';
import { pino, type Logger } from 'pino';
import type { ProgressEvent } from '../model/progress.js';
import { VERIFY_MODES, type VerifyMode } from '../model/verification.js';
import type { PeriodSelection } from '../coordinator/planner.js';
import { DEFAULTS, MAX_CHUNKS, MAX_RETRIES, MAX_WORKERS } from '../defaults.js';
import { integerOutOfRange, notADate, notOneOf, notPositive } from '../errors/index.js';
import type { TableLayer } from './table-config.js';

/** What `runScd` accepts; every option but db and selection has a default in DEFAULTS. */
export interface RunOptions {
  readonly db: string;
  /**
   * An instance the caller already holds on `db` (a long-lived process must not open a second
   * one on the same file). It is left open; memoryLimitBytes does not apply to it.
   */
  readonly instance?: DuckDBInstance;
  /** Tables and columns; what is left out comes from the history's recorded settings, then DEFAULTS. */
  readonly table?: TableLayer;
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
  /** An SLA for each period too: a period over it is a breach of its own. */
  readonly periodSlaSeconds?: number;
  /** Apply an explicitly requested period that has no rows, closing every current version. */
  readonly allowEmpty?: boolean;
  /** The effective date (YYYY-MM-DD) of the period without rows this run applies, where none can be derived. */
  readonly emptyPeriodDate?: string;
  /**
   * Apply applied periods whose source changed again: the history is rewound to the period before
   * the first changed one and every period from there is applied again, in one transaction.
   */
  readonly replace?: boolean;
  /** Attempts after the first for a failed chunk. */
  readonly retries?: number;
  /**
   * What the run proves of the history it finds before writing on it (src/coordinator/verify-history.ts):
   * full, that the whole history is what the engine last committed (one scan); touched, the ledger
   * and the versions its periods read and close. Unset: full where it is cheap next to the run.
   */
  readonly verify?: VerifyMode;
  readonly logger?: Logger;
  readonly onProgress?: (event: ProgressEvent) => void;
  /**
   * Aborting it stops the run after the statement in progress: that period rolls back, temporary
   * files are removed, and the run rejects with an `interrupted` error. Its reason names the signal.
   */
  readonly signal?: AbortSignal;
}

/** RunOptions with every default filled in and every value checked. */
export interface RunSettings {
  readonly db: string;
  readonly instance: DuckDBInstance | undefined;
  readonly table: TableLayer;
  readonly selection: PeriodSelection;
  readonly chunks: number | 'auto';
  readonly workers: number;
  readonly fullRefresh: boolean;
  readonly inline: boolean;
  readonly memoryLimitBytes: number;
  readonly tempDirectory: string | undefined;
  readonly slaSeconds: number;
  readonly periodSlaSeconds: number | undefined;
  readonly allowEmpty: boolean;
  readonly emptyPeriodDate: string | undefined;
  readonly replace: boolean;
  readonly retries: number;
  readonly verify: VerifyMode | undefined;
  readonly logger: Logger;
  readonly onProgress: (event: ProgressEvent) => void;
  readonly signal: AbortSignal | undefined;
}

export function checkInteger(option: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw integerOutOfRange(option, min, max, value);
  return value;
}

/** A calendar date as YYYY-MM-DD: 2026-02-30 is refused, not rolled over. */
export function checkDate(option: string, value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match === null ? undefined : new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (date === undefined || date.toISOString().slice(0, 10) !== value) throw notADate(option, value);
  return value;
}

function checkOneOf<T extends string>(option: string, allowed: readonly T[], value: T | undefined): T | undefined {
  if (value !== undefined && !allowed.includes(value)) throw notOneOf(option, allowed, value);
  return value;
}

function checkPositive(option: string, value: number): number {
  if (!(value > 0)) throw notPositive(option, value);
  return value;
}

/** The one options resolver: defaults, then checks that name the option. */
export function resolveRunOptions(options: RunOptions): RunSettings {
  const chunks = options.chunks ?? DEFAULTS.chunks;
  return {
    db: options.db,
    instance: options.instance,
    table: options.table ?? {},
    selection: options.selection,
    chunks: chunks === 'auto' ? chunks : checkInteger('chunks', chunks, 1, MAX_CHUNKS),
    workers: checkInteger('workers', options.workers ?? DEFAULTS.workers, 1, MAX_WORKERS),
    fullRefresh: options.fullRefresh ?? false,
    inline: options.inline ?? false,
    memoryLimitBytes: checkPositive('memoryLimitBytes', options.memoryLimitBytes ?? DEFAULTS.memoryLimitBytes),
    tempDirectory: options.tempDirectory,
    slaSeconds: checkPositive('slaSeconds', options.slaSeconds ?? DEFAULTS.slaSeconds),
    periodSlaSeconds: options.periodSlaSeconds === undefined ? undefined : checkPositive('periodSlaSeconds', options.periodSlaSeconds),
    allowEmpty: options.allowEmpty ?? false,
    emptyPeriodDate: options.emptyPeriodDate === undefined ? undefined : checkDate('emptyPeriodDate', options.emptyPeriodDate),
    replace: options.replace ?? false,
    retries: checkInteger('retries', options.retries ?? DEFAULTS.retries, 0, MAX_RETRIES),
    verify: checkOneOf('verify', VERIFY_MODES, options.verify),
    logger: options.logger ?? pino({ level: 'silent' }),
    onProgress: options.onProgress ?? (() => undefined),
    signal: options.signal,
  };
}

/** `chunks: 'auto'`: one chunk per DEFAULTS.autoRowsPerChunk rows of the largest period, at least one. */
export function autoChunks(rowsPerPeriod: number): number {
  return Math.min(MAX_CHUNKS, Math.max(1, Math.floor(rowsPerPeriod / DEFAULTS.autoRowsPerChunk)));
}
