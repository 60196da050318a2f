import type { LatencySummary } from './metrics.js';

export interface ChangeCounts {
  readonly rowsRead: number;
  readonly newVersions: number;
  readonly changedVersions: number;
  readonly removedVersions: number;
  readonly unchanged: number;
}

/** Where a period's time went: export to Parquet, change sets, then the transaction's steps. */
export interface PhaseSeconds {
  readonly exportSeconds: number;
  readonly computeSeconds: number;
  readonly mergeSeconds: number;
  readonly insertSeconds: number;
  readonly checkSeconds: number;
  readonly commitSeconds: number;
}

export interface PeriodReport extends ChangeCounts {
  readonly period: number;
  readonly effectiveDate: string;
  readonly status: 'applied' | 'already-applied' | 'rebuilt';
  /** null for periods rebuilt by --full-refresh: one pass has no per-period time. */
  readonly seconds: number | null;
  readonly rowsPerSecond: number | null;
  readonly chunkLatency: LatencySummary;
  readonly slaBreached: boolean;
  readonly phases: PhaseSeconds | null;
}

export interface RunReport {
  readonly db: string;
  readonly sourceTable: string;
  readonly targetTable: string;
  readonly mode: 'incremental' | 'full-refresh';
  readonly changeSets: 'workers' | 'inline';
  readonly chunks: number;
  readonly workers: number;
  readonly slaSeconds: number;
  readonly periods: readonly PeriodReport[];
  readonly totals: ChangeCounts & {
    readonly periodsApplied: number;
    readonly seconds: number;
    readonly rowsPerSecond: number;
    readonly chunkLatency: LatencySummary;
    readonly slaBreached: boolean;
  };
}

export function rate(rows: number, seconds: number): number {
  return seconds > 0 ? Math.round(rows / seconds) : 0;
}

export function sumCounts(reports: readonly ChangeCounts[]): ChangeCounts {
  const total = { rowsRead: 0, newVersions: 0, changedVersions: 0, removedVersions: 0, unchanged: 0 };
  for (const r of reports) {
    total.rowsRead += r.rowsRead;
    total.newVersions += r.newVersions;
    total.changedVersions += r.changedVersions;
    total.removedVersions += r.removedVersions;
    total.unchanged += r.unchanged;
  }
  return total;
}
