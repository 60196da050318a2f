import type { DuckDBInstance } from '@duckdb/node-api';
import { type Logger, pino } from 'pino';
import type { LakeSettings } from '../db/lake.js';
import { DEFAULTS } from '../defaults.js';
import { optionsConflict } from '../errors/index.js';
import { checkPositive } from './checks.js';
import type { TableLayer } from './table-config.js';

/**
 * What every command that writes a history takes (run, rewind and adopt extend it): the database,
 * the history's tables, and what its session may use. Every option but db has a default.
 */
export interface SessionOptions {
  readonly db: string;
  /**
   * An instance the caller already holds on `db` (a long-lived process must not open a second
   * one on the same file). It is left open; memoryLimitBytes does not apply to it.
   */
  readonly instance?: DuckDBInstance;
  /** Tables and columns; what is left out comes from the history's recorded settings, then DEFAULTS. */
  readonly table?: TableLayer;
  /** Memory for DuckDB, coordinator and workers together (default: half of RAM). */
  readonly memoryLimitBytes?: number;
  readonly tempDirectory?: string;
  readonly logger?: Logger;
  /**
   * Aborting it stops the command after the statement in progress: what it has not committed rolls
   * back, temporary files are removed, and it rejects with an error that says what the database
   * holds. Its reason names the signal.
   */
  readonly signal?: AbortSignal;
  /**
   * The history (its ledger, settings and monitoring tables) lives in this DuckLake, not in `db`;
   * `db` is then only read, for a table source. Not with `instance`.
   */
  readonly lake?: LakeSettings;
}

/** SessionOptions with every default filled in and every value checked. */
export interface SessionSettings {
  readonly db: string;
  readonly instance: DuckDBInstance | undefined;
  readonly table: TableLayer;
  readonly memoryLimitBytes: number;
  readonly tempDirectory: string | undefined;
  readonly logger: Logger;
  readonly signal: AbortSignal | undefined;
  readonly lake: LakeSettings | undefined;
}

/** The one resolver of the options every writing command shares: defaults, then checks that name the option. */
export function resolveSessionOptions(options: SessionOptions): SessionSettings {
  if (options.lake !== undefined && options.instance !== undefined) throw optionsConflict('lake', 'instance');
  return {
    db: options.db,
    instance: options.instance,
    table: options.table ?? {},
    memoryLimitBytes: checkPositive('memoryLimitBytes', options.memoryLimitBytes ?? DEFAULTS.memoryLimitBytes),
    tempDirectory: options.tempDirectory,
    logger: options.logger ?? pino({ level: 'silent' }),
    signal: options.signal,
    lake: options.lake,
  };
}
