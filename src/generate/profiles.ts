import { DEFAULTS } from '../defaults.js';

/**
 * The shapes `generate` can write: `default`, the engine's own small snapshot (the tests and the
 * bench depend on it byte for byte), and one per table profile of `run` (DEFAULTS.profiles), so
 * that every profile `run` knows can be generated: `planwise` is the 47-column
 * `fct_workforce_snapshot` of the public dbt + DuckDB retirement-plan simulation planwise_navigator.
 */
export type GenerateProfile = 'default' | keyof typeof DEFAULTS.profiles;
export const GENERATE_PROFILES: readonly GenerateProfile[] = [
  'default',
  ...(Object.keys(DEFAULTS.profiles) as Array<keyof typeof DEFAULTS.profiles>),
];

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
