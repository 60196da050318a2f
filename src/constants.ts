import { availableParallelism } from 'node:os';

/** Every default of the engine lives here, so that flags, config and docs agree. */
export const DEFAULT_SOURCE_TABLE = 'fct_workforce_snapshot';
export const DEFAULT_TARGET_TABLE = 'scd_workforce_state';
export const DEFAULT_KEY_COLUMN = 'employee_id';
export const DEFAULT_PERIOD_COLUMN = 'simulation_year';
export const DEFAULT_EFFECTIVE_DATE_COLUMN = 'effective_date';
export const DEFAULT_TRACKED_COLUMNS: readonly string[] = [
  'annual_salary',
  'job_level',
  'department',
  'employee_status',
];

/** Bookkeeping of which periods each target has applied; written in the apply's own transaction. */
export const PERIODS_TABLE = 'scd_parallel_periods';

export const MAX_WORKERS = 16;
export const MAX_CHUNKS = 4096;
export const DEFAULT_WORKERS = Math.max(1, Math.min(MAX_WORKERS, availableParallelism()));
export const DEFAULT_SLA_SECONDS = 120;
/** Attempts after the first for a chunk whose worker throws or exits. */
export const DEFAULT_RETRIES = 2;

/**
 * `--chunks auto` gives one chunk per this many rows of the largest period. The bench
 * (bench/results/2026-11-25-2core-24gb.md) found one chunk the fastest or tied at every size on 2
 * cores: 100K (1.00 vs 1.07 for 4 chunks), 1M (within 3% of 4 chunks) and 10M employees (7.6 s vs
 * 8.4 s for 16 chunks a year), since one DuckDB query already uses every core and each chunk adds
 * Parquet files and a task. Beyond the measured 11.5M rows a period, chunks keep each worker's
 * share of a period bounded.
 */
export const AUTO_MIN_ROWS_PER_CHUNK = 16_000_000;

export const DEFAULT_GENERATE_EMPLOYEES = 10_000;
export const DEFAULT_GENERATE_START_YEAR = 2025;
export const DEFAULT_GENERATE_YEARS = 5;
export const DEFAULT_GENERATE_SEED = 42;

export const DEFAULT_DEMO_EMPLOYEES = 100_000;
export const DEFAULT_DEMO_YEARS = 10;

/** Histogram range: one microsecond up to an hour, 3 significant digits. */
export const LATENCY_HIGHEST_MICROS = 3_600_000_000;
export const LATENCY_SIGNIFICANT_DIGITS = 3;

/** Parquet settings of the temporary exchange files (zstd level 1: see shared notes, gzip is slow). */
export const TEMP_PARQUET_OPTIONS = "FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1";

/** How many offending keys an error or check report names. */
export const REPORT_SAMPLE_KEYS = 10;
