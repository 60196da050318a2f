import type { LatencySummary, PhaseLatency } from './latency.js';
import type { PhaseSeconds } from './phases.js';
import type { Verification } from './verification.js';

/** How a snapshot compares with the current versions; the run report sums these. */
export interface ChangeCounts {
  readonly rowsRead: number;
  readonly newVersions: number;
  readonly changedVersions: number;
  readonly removedVersions: number;
  readonly unchanged: number;
}

export type PeriodStatus = 'applied' | 'already-applied' | 'replaced' | 'rebuilt';

export interface PeriodReport extends ChangeCounts {
  readonly period: number;
  readonly effectiveDate: string;
  readonly status: PeriodStatus;
  readonly seconds: number;
  readonly rowsPerSecond: number;
  readonly chunkLatency: LatencySummary;
  readonly slaBreached: boolean;
  /** Where the period's time went; null when already applied. */
  readonly phases: PhaseSeconds | null;
}

/**
 * Why the run has its chunks and workers: the chunks given (`chunks: N`), or chosen by
 * `chunks: 'auto'` from the largest period's rows; none when the run had no period to apply.
 * `workersAsked` is the `workers` option, of which the run starts at most one per chunk.
 */
export type ChunkDecision =
  | { readonly reason: 'given'; readonly workersAsked: number }
  | {
      readonly reason: 'auto';
      readonly largestPeriodRows: number;
      readonly rowsPerChunk: number;
      readonly workersAsked: number;
    }
  | { readonly reason: 'nothing-to-apply' };

/** The version of run --json's contract, schema/run-report.v<N>.schema.json. */
export const RUN_REPORT_VERSION = 2;

export interface RunReport {
  readonly schemaVersion: typeof RUN_REPORT_VERSION;
  /** The run's id, as its log lines, ledger rows and monitoring rows carry it. */
  readonly runId: string;
  readonly db: string;
  readonly sourceTable: string;
  readonly targetTable: string;
  readonly mode: 'incremental' | 'full-refresh';
  readonly changeSets: 'workers' | 'inline';
  readonly chunks: number;
  readonly workers: number;
  /** How chunks and workers were decided. */
  readonly chunking: ChunkDecision;
  readonly slaSeconds: number;
  /** Each period's SLA; null when periods are held to the run's. */
  readonly periodSlaSeconds: number | null;
  /** What the run verified of the history it found before writing on it. */
  readonly verification: Verification;
  readonly periods: readonly PeriodReport[];
  readonly totals: ChangeCounts & {
    readonly periodsApplied: number;
    readonly seconds: number;
    readonly rowsPerSecond: number;
    readonly chunkLatency: LatencySummary;
    /** Over the periods this run applied: each phase's latency, and the period's. */
    readonly phaseLatency: PhaseLatency;
    readonly slaBreached: boolean;
  };
}

export const NO_CHANGES: ChangeCounts = {
  rowsRead: 0,
  newVersions: 0,
  changedVersions: 0,
  removedVersions: 0,
  unchanged: 0,
};

export function rate(rows: number, seconds: number): number {
  return seconds > 0 ? Math.round(rows / seconds) : 0;
}

export function sumCounts(reports: readonly ChangeCounts[]): ChangeCounts {
  const total = { ...NO_CHANGES };
  for (const r of reports) {
    total.rowsRead += r.rowsRead;
    total.newVersions += r.newVersions;
    total.changedVersions += r.changedVersions;
    total.removedVersions += r.removedVersions;
    total.unchanged += r.unchanged;
  }
  return total;
}

/** How long a period took, its chunks and its phases (none when already applied). */
export interface PeriodTiming {
  readonly seconds: number;
  readonly chunkLatency: LatencySummary;
  readonly phases: PhaseSeconds | null;
  readonly slaSeconds: number;
}

/** The one builder of a period's report, whatever its status. */
export function periodReport(
  input: Pick<PeriodReport, 'period' | 'effectiveDate'>,
  status: PeriodStatus,
  counts: ChangeCounts,
  timing: PeriodTiming,
): PeriodReport {
  return {
    period: input.period,
    effectiveDate: input.effectiveDate,
    status,
    rowsRead: counts.rowsRead,
    newVersions: counts.newVersions,
    changedVersions: counts.changedVersions,
    removedVersions: counts.removedVersions,
    unchanged: counts.unchanged,
    seconds: timing.seconds,
    rowsPerSecond: rate(counts.rowsRead, timing.seconds),
    chunkLatency: timing.chunkLatency,
    slaBreached: timing.seconds > timing.slaSeconds,
    phases: timing.phases,
  };
}

/** The run's report: its periods in order, and totals over those this run applied. */
export function runReport(
  run: Omit<RunReport, 'schemaVersion' | 'periods' | 'totals'>,
  periods: readonly PeriodReport[],
  seconds: number,
  latency: { readonly chunk: LatencySummary; readonly phases: PhaseLatency },
): RunReport {
  const counted = periods.filter((r) => r.status !== 'already-applied');
  const totals = sumCounts(counted);
  return {
    schemaVersion: RUN_REPORT_VERSION,
    ...run,
    periods: [...periods].sort((a, b) => a.period - b.period),
    totals: {
      ...totals,
      periodsApplied: counted.length,
      seconds,
      rowsPerSecond: rate(totals.rowsRead, seconds),
      chunkLatency: latency.chunk,
      phaseLatency: latency.phases,
      slaBreached: seconds > run.slaSeconds || periods.some((r) => r.slaBreached),
    },
  };
}
