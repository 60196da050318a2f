import type { DuckDBConnection } from '@duckdb/node-api';
import { relationKind } from '../db/catalog.js';
import { all, toNumber } from '../db/database.js';
import { LATENCY_PHASES } from '../model/latency.js';
import { type HistorySpec, monitoringTable, sql } from '../sql/index.js';
import { foreignMonitoringTable } from './record.js';

/** The share of runs within their SLA that the seed story targets. */
export const SLA_TARGET_PERCENT = 95;

export interface RunSummary {
  readonly runId: string;
  readonly startedAt: string;
  readonly mode: string;
  readonly periods: number;
  readonly totalSeconds: number;
  readonly records: number;
  readonly recordsPerSecond: number;
  readonly slaSeconds: number;
  readonly category: string;
  /** The run's own breach and its periods'. */
  readonly slaBreaches: number;
}

export interface PhaseLatencyRow {
  readonly phase: string;
  readonly count: number;
  readonly p50Seconds: number;
  readonly p90Seconds: number;
  readonly p99Seconds: number;
  readonly maxSeconds: number;
}

export interface MonitoringReport {
  /** Newest first; the first is the last run. */
  readonly runs: readonly RunSummary[];
  readonly compliance: {
    readonly runs: number;
    readonly withinSla: number;
    readonly percent: number;
    readonly targetPercent: number;
    readonly met: boolean;
  };
  /** The last run's. */
  readonly phaseLatency: readonly PhaseLatencyRow[];
  readonly throughput: ReadonlyArray<{
    readonly period: number;
    readonly records: number;
    readonly seconds: number;
    readonly recordsPerSecond: number;
  }>;
  /** Each check over the periods it ran on (`periods`), of which it passed `passedPeriods`. */
  readonly integrity: ReadonlyArray<{
    readonly check: string;
    readonly passed: boolean;
    readonly violations: number;
    readonly periods: number;
    readonly passedPeriods: number;
  }>;
  readonly chunks: ReadonlyArray<{
    readonly period: number;
    readonly chunk: number;
    readonly worker: number;
    readonly startMs: number;
    readonly endMs: number;
    readonly latencyMicros: number;
    readonly rows: number;
  }>;
}

type Row = Record<string, unknown>;
const num = (value: unknown) => toNumber(value);
/** Phases in the order a period runs them. */
const order = (phase: string) => (LATENCY_PHASES as readonly string[]).indexOf(phase);

/** What the monitoring tables say about a history's last `runs` runs; null before its first recorded run. */
export async function readMonitoring(
  connection: DuckDBConnection,
  spec: HistorySpec,
  runs: number,
): Promise<MonitoringReport | null> {
  const table = (name: Parameters<typeof monitoringTable>[1]) => monitoringTable(spec.target, name);
  // Before the first run, or when a table of that name is a user's: nothing to read.
  if (
    (await relationKind(connection, table('runs'))) === undefined ||
    (await foreignMonitoringTable(connection, spec)) !== undefined
  )
    return null;
  const target = spec.target.canonical;
  const recent = (await all<Row>(connection, sql.monRuns(table('runs'), table('breaches')), { target, runs })).map(
    (r) => ({
      runId: String(r.run_id),
      startedAt: String(r.started_at),
      mode: String(r.mode),
      periods: num(r.periods),
      totalSeconds: num(r.total_seconds),
      records: num(r.records),
      recordsPerSecond: num(r.records_per_second),
      slaSeconds: num(r.sla_seconds),
      category: String(r.category),
      slaBreaches: num(r.breaches),
    }),
  );
  const last = recent[0];
  if (last === undefined) return null;
  const run = { target, run_id: last.runId };
  // Within its SLA: the run and every one of its periods.
  const withinSla = recent.filter((r) => r.slaBreaches === 0).length;
  const percent = (100 * withinSla) / recent.length;
  return {
    runs: recent,
    compliance: {
      runs: recent.length,
      withinSla,
      percent,
      targetPercent: SLA_TARGET_PERCENT,
      met: percent >= SLA_TARGET_PERCENT,
    },
    phaseLatency: (await all<Row>(connection, sql.monRead(table('phases'), 'monitoring/phase_latency'), run))
      .map((r) => ({
        phase: String(r.phase),
        count: num(r.count),
        p50Seconds: num(r.p50_seconds),
        p90Seconds: num(r.p90_seconds),
        p99Seconds: num(r.p99_seconds),
        maxSeconds: num(r.max_seconds),
      }))
      .sort((a, b) => order(a.phase) - order(b.phase)),
    throughput: (await all<Row>(connection, sql.monRead(table('phases'), 'monitoring/period_throughput'), run)).map(
      (r) => ({
        period: num(r.period),
        records: num(r.records),
        seconds: num(r.seconds),
        recordsPerSecond: num(r.records_per_second),
      }),
    ),
    integrity: (await all<Row>(connection, sql.monRead(table('integrity'), 'monitoring/run_integrity'), run)).map(
      (r) => ({
        check: String(r.check_name),
        passed: Boolean(r.passed),
        violations: num(r.violations),
        periods: num(r.periods),
        passedPeriods: num(r.passed_periods),
      }),
    ),
    chunks: (await all<Row>(connection, sql.monRead(table('chunks'), 'monitoring/run_chunks'), run)).map((r) => ({
      period: num(r.period),
      chunk: num(r.chunk),
      worker: num(r.worker),
      startMs: num(r.start_ms),
      endMs: num(r.end_ms),
      latencyMicros: num(r.latency_micros),
      rows: num(r.rows),
    })),
  };
}
