import { availableParallelism, totalmem } from 'node:os';

/**
 * Every default of the engine, in one typed object (like piscina's kDefaultOptions), so that the
 * library, the CLI's help and the docs agree.
 */
export const MAX_WORKERS = 16;
export const MAX_CHUNKS = 4096;
export const MAX_RETRIES = 100;
export const MAX_REPORT_RUNS = 10_000;
export const MAX_DIFF_TOP = 10_000;

export const DEFAULTS = {
  table: {
    sourceTable: 'fct_workforce_snapshot',
    targetTable: 'scd_workforce_state',
    keyColumns: ['employee_id'],
    periodColumn: 'simulation_year',
    effectiveDateRule: 'column',
    effectiveDateColumn: 'effective_date',
    trackedColumns: ['annual_salary', 'job_level', 'department', 'employee_status'],
    hardDeletes: 'invalidate',
    validityType: 'date',
    metaColumnNames: {},
    validToCurrent: null,
    adopted: null,
  },
  /**
   * Table settings for a known simulation's schema, chosen by name (`--profile`). planwise: a dbt +
   * DuckDB retirement-plan workforce simulation whose snapshot has no date column; its history is
   * named apart from the project's own dbt snapshot (snapshots.scd_workforce_state).
   */
  profiles: {
    planwise: {
      targetTable: 'scd_workforce_history',
      keyColumns: ['employee_id'],
      periodColumn: 'simulation_year',
      effectiveDateRule: 'year-end',
      trackedColumns: ['current_compensation', 'level_id', 'employment_status', 'termination_date'],
    },
  },
  /** One worker per core, at most MAX_WORKERS. */
  workers: Math.max(1, Math.min(MAX_WORKERS, availableParallelism())),
  chunks: 'auto',
  /**
   * `chunks: 'auto'` gives one chunk per this many rows of the largest period. The bench
   * (bench/results/2026-11-25-2core-24gb.md) found one chunk the fastest or tied at every size on
   * 2 cores: 100K (1.00 vs 1.07 for 4 chunks), 1M (within 3% of 4 chunks) and 10M employees (7.6 s
   * vs 8.4 s for 16 chunks a year), since one DuckDB query already uses every core and each chunk
   * adds Parquet files and a task. Beyond the measured 11.5M rows a period, chunks keep each
   * worker's share of a period bounded.
   */
  autoRowsPerChunk: 16_000_000,
  /** Attempts after the first for a chunk whose worker throws or exits. */
  retries: 2,
  /**
   * Attempts of a lake run after one DuckLake refused for another writer's commit (two first runs
   * creating the shared ledger, say): the run starts again from what is committed.
   */
  lakeConflictRetries: 5,
  /** The longest wait before such an attempt, doubled from a tenth of it; jittered. */
  lakeConflictBackoffMs: 2000,
  slaSeconds: 120,
  /** `report` measures SLA compliance over this many recent runs. */
  reportRuns: 20,
  /**
   * The report page's transitions of a tracked column: this many per period, values cut to this
   * many characters, so the page stays small whatever the history (a salary changes for everyone).
   */
  reportTransitions: { top: 10, valueChars: 40 },
  /** DuckDB memory of coordinator and workers together. */
  memoryLimitBytes: Math.floor(totalmem() / 2),
  /**
   * With workers, the coordinator's instance gets this share of memoryLimitBytes and the workers
   * split the rest; inline (no workers), the coordinator gets it all.
   */
  coordinatorMemoryShare: 0.5,
  generate: {
    table: 'fct_workforce_snapshot',
    employees: 10_000,
    startYear: 2025,
    years: 5,
    seed: 42,
    growthRate: 0.03,
    colaRate: 0.015,
    profile: 'default',
  },
  demo: { employees: 100_000, years: 10 },
  /**
   * `verify` unset (src/engine/1-plan/verify-history.ts): a run verifies the whole history when it
   * has at most `fullUpToVersions` versions, or at most `versionsPerRowApplied` versions per
   * source row the run applies; what its periods touch beyond. At 1M employees x 30 years (51M
   * versions, 2 cores, bench/results/2026-12-07-depth-2core-24gb.md) one scan of the history took
   * 3.1-3.7 CPU seconds, ~62 ns a version, and the last year step 6.3-6.6, ~2.4 us a row of its
   * 2.68M: the scan is a tenth of the steps at ~4 versions a row, 3 with margin. 1M versions
   * scan in ~0.06 s: not worth verifying less.
   */
  verify: { fullUpToVersions: 1_000_000, versionsPerRowApplied: 3 },
  /** Rows `as-of` shows when it writes no file. */
  asOfHeadRows: 10,
  /** Transitions `diff` shows for each tracked column, the most frequent first. */
  diffTop: 5,
  /** Histogram range: one microsecond up to an hour, 3 significant digits. */
  latency: { highestMicros: 3_600_000_000, significantDigits: 3 },
} as const;
