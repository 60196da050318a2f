/**
 * The shapes `generate` can write. `default` is the engine's own small snapshot (the tests and the
 * bench depend on it byte for byte); `planwise` is the 47-column `fct_workforce_snapshot` of the
 * public dbt + DuckDB retirement-plan simulation planwise_navigator (issue 9).
 */
export const GENERATE_PROFILES = ['default', 'planwise'] as const;
export type GenerateProfile = (typeof GENERATE_PROFILES)[number];

export interface ProfileRates {
  /** Share of continuing employees given a merit raise each year (besides COLA). */
  readonly meritRate: number;
  /** Share of employees who left two or more years ago hired again each year. */
  readonly rehireRate: number;
  /** Share of a year's hires who leave within their hire year. */
  readonly newHireTerminationRate: number;
}

/**
 * planwise raises every continuing employee every year (so `current_compensation` changes every
 * year, as in the real model, where each one gets a merit or COLA event), never rehires (a
 * terminated employee appears in its termination year and never after) and lets some hires leave
 * in their hire year (its `new_hire_termination`).
 */
export const PROFILE_RATES: Readonly<Record<GenerateProfile, ProfileRates>> = {
  default: { meritRate: 0.85, rehireRate: 0.02, newHireTerminationRate: 0 },
  planwise: { meritRate: 1, rehireRate: 0, newHireTerminationRate: 0.1 },
};

/** The source columns of planwise's `fct_workforce_snapshot` that an SCD2 history of it keys, orders and tracks. */
export const PLANWISE = {
  sourceTable: 'fct_workforce_snapshot',
  keyColumns: ['employee_id'],
  periodColumn: 'simulation_year',
  /** What the project's own dbt snapshot checks (its `snapshots.scd_workforce_state`). */
  trackedColumns: ['current_compensation', 'level_id', 'employment_status', 'termination_date'],
} as const;
