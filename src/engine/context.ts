import type { DuckDBConnection } from '@duckdb/node-api';
import type { Logger } from 'pino';
import type { ProgressEvent } from '../model/progress.js';
import type { HistorySpec } from '../sql/index.js';
import type { FoundHistory } from './1-plan/verify-history.js';

/** What one run's steps share: the session's connections, the history's spec, and the run's settings. */
export interface EngineContext {
  readonly connection: DuckDBConnection;
  /** A second connection of the same instance, so that exports overlap the apply on `connection`. */
  readonly exportConnection: DuckDBConnection;
  readonly spec: HistorySpec;
  /** The key columns' SQL types, for a worker's empty side. */
  readonly keyTypes: readonly string[];
  readonly runDirectory: string;
  /** Recorded in the ledger with every period this run applies. */
  readonly runId: string;
  /** dbt_updated_at of every version this run writes, as a TIMESTAMP literal value. */
  readonly updatedAt: string;
  readonly slaSeconds: number;
  /** A period's own SLA; none when not set. */
  readonly periodSlaSeconds: number | undefined;
  readonly logger: Logger;
  readonly onProgress: (event: ProgressEvent) => void;
  /** What the run verified of the history it found, and what its first period still does about it. */
  readonly found: FoundHistory;
  /** Throws when the run was asked to stop; called between statements. */
  readonly throwIfAborted: () => void;
}
