import { type Measured, stepSeconds } from './report.js';
import type { BenchResult } from './spec.js';
import { median } from './workforce.js';

/** What the summary of a configuration's runs names it by. */
export interface Configuration {
  readonly id: string;
  readonly family: string;
  readonly chunks?: number;
  readonly workers?: number;
}

/** Each phase's median over the runs, per period. */
function medianPhases(years: readonly string[], runs: readonly BenchResult[]): Record<string, Record<string, number>> {
  return Object.fromEntries(
    years.map((year) => {
      const phases = runs.map((r) => r.yearPhases?.[year]).filter((p): p is Record<string, number> => !!p);
      const names = [...new Set(phases.flatMap((p) => Object.keys(p)))];
      return [year, Object.fromEntries(names.map((n) => [n, median(phases.map((p) => p[n] ?? 0))]))];
    }),
  );
}

/** A configuration's runs at one size: times are medians (each run's year step kept too), maxRssKb the maximum. */
export function aggregate(size: number, config: Configuration, runs: readonly BenchResult[]): Measured {
  const yearKeys = Object.keys(runs[0]?.yearSeconds ?? {});
  const yearSeconds: Record<string, number | null> = {};
  for (const year of yearKeys) {
    const values = runs.map((r) => r.yearSeconds[year]).filter((v): v is number => typeof v === 'number');
    yearSeconds[year] = values.length === 0 ? null : median(values);
  }
  const p99s = runs.map((r) => r.chunkP99Micros).filter((v): v is number => v !== null);
  const phased = runs.filter((r) => r.yearPhases !== undefined);
  return {
    size,
    id: config.id,
    family: config.family,
    chunks: config.chunks ?? null,
    workers: config.workers ?? null,
    runs: runs.length,
    yearSeconds,
    stepRuns: runs.map((r) => stepSeconds({ yearSeconds: r.yearSeconds })),
    ...(phased.length > 0 && { yearPhases: medianPhases(yearKeys, phased) }),
    yearRows: runs[0]?.yearRows ?? {},
    totalSeconds: median(runs.map((r) => r.totalSeconds)),
    rowsRead: runs[0]?.rowsRead ?? 0,
    maxRssKb: Math.max(...runs.map((r) => r.maxRssKb)),
    chunkP99Micros: p99s.length === 0 ? null : median(p99s),
    fingerprints: [...new Set(runs.map((r) => r.fingerprint).filter((f): f is string => f !== null))],
    // A peer's history is the same every run; the worst comparison is the one to show.
    ...(runs[0]?.versions !== undefined && {
      versions: runs[0].versions,
      ourVersions: runs[0].ourVersions,
      differingRows: Math.max(...runs.map((r) => r.differingRows ?? 0)),
    }),
  };
}
