/** A lake's catalog database: a DuckDB file or a SQLite one. */
export type BenchLake = 'duckdb' | 'sqlite';

/** One benchmark configuration, run in its own process (bench/child.ts) so its peak RSS is its own. */
export type BenchSpec =
  | {
      readonly kind: 'engine';
      readonly db: string;
      readonly chunks: number;
      readonly workers: number;
      readonly inline?: boolean;
      readonly fullRefresh?: boolean;
      readonly memoryLimitBytes?: number;
      /** Apply only these periods (in order); all when absent. */
      readonly years?: readonly number[];
      /** The run's --verify; the engine's default when absent. */
      readonly verify?: 'full' | 'touched';
      /** The history in a DuckLake beside `db` with this catalog (bench/lake.ts), not in `db`. */
      readonly lake?: BenchLake;
    }
  | { readonly kind: 'naive'; readonly db: string; readonly years: readonly number[] }
  | { readonly kind: 'floor'; readonly db: string; readonly years: readonly number[] }
  | {
      readonly kind: 'apply-floor';
      readonly db: string;
      readonly years: readonly number[];
      readonly memoryLimitBytes?: number;
    };

export interface BenchResult {
  /** Seconds per period (in a summary of runs, null for a period none of them timed). */
  readonly yearSeconds: Record<string, number | null>;
  /** Snapshot rows per period, where the configuration reads them. */
  readonly yearRows: Record<string, number>;
  readonly totalSeconds: number;
  readonly rowsRead: number;
  readonly maxRssKb: number;
  readonly chunkP99Micros: number | null;
  /** An engine run's verification of the history it found (run --json's verification). */
  readonly verification?: { readonly mode: string; readonly versions: number; readonly seconds: number };
  /** An engine run's phase seconds per period (export, compute, merge, insert, check, commit). */
  readonly yearPhases?: Record<string, Record<string, number> | null>;
  /** A fingerprint of the history (all columns but dbt_updated_at); null where there is none. */
  readonly fingerprint: string | null;
  /**
   * A peer's versions, ours over the same years, and the rows differing once validity maps to periods
   * (bench/peers/compare.ts).
   */
  readonly versions?: number;
  readonly ourVersions?: number;
  readonly differingRows?: number;
}
