import type { DuckDBConnection } from '@duckdb/node-api';
import type { Logger } from 'pino';
import type { TableConfig } from '../config.js';
import { PERIODS_TABLE } from '../constants.js';
import { type Fragment, ident, recordHash } from '../sql/index.js';
import type { ChunkPool } from './pool.js';
import type { Column } from './schema.js';

export type ProgressEvent =
  | { readonly kind: 'period-start'; readonly period: number; readonly chunks: number }
  | { readonly kind: 'chunk-done'; readonly period: number; readonly chunk: number; readonly done: number; readonly total: number }
  | { readonly kind: 'period-done'; readonly period: number; readonly status: string; readonly seconds: number };

/** What one run's steps share: the coordinator's only connection, the config and the pool. */
export interface EngineContext {
  readonly connection: DuckDBConnection;
  /** A second connection of the same instance, so that exports overlap the apply on `connection`. */
  readonly exportConnection: DuckDBConnection;
  readonly config: TableConfig;
  readonly sourceColumns: readonly Column[];
  readonly keyType: string;
  readonly chunks: number;
  readonly pool: ChunkPool | undefined;
  readonly retries: number;
  readonly runDirectory: string;
  /** dbt_updated_at of every version this run writes, as a TIMESTAMP literal value. */
  readonly updatedAt: string;
  readonly slaSeconds: number;
  readonly logger: Logger;
  readonly onProgress: (event: ProgressEvent) => void;
}

export type TableFragments = {
  readonly [name in 'source' | 'target' | 'periods' | 'key' | 'period' | 'effective_date' | 'hash']: Fragment;
};

/** The identifier and expression fragments every engine template draws on. */
export function tableFragments(config: TableConfig): TableFragments {
  return {
    source: ident(config.sourceTable),
    target: ident(config.targetTable),
    periods: ident(PERIODS_TABLE),
    key: ident(config.keyColumn),
    period: ident(config.periodColumn),
    effective_date: ident(config.effectiveDateColumn),
    hash: recordHash(config.trackedColumns),
  };
}
