import { describe, expect, it } from 'vitest';
import { LatencyHistogram, NO_LATENCY, PhaseHistograms } from '../../../src/model/latency.js';
import { PhaseTimer } from '../../../src/model/phases.js';
import {
  type ChangeCounts,
  periodReport,
  RUN_REPORT_VERSION,
  rate,
  runReport,
  sumCounts,
} from '../../../src/model/run-report.js';

const counts = (
  rowsRead: number,
  newVersions: number,
  changedVersions: number,
  removedVersions: number,
): ChangeCounts => ({
  rowsRead,
  newVersions,
  changedVersions,
  removedVersions,
  unchanged: rowsRead - newVersions - changedVersions,
});
const timing = (seconds: number, slaSeconds = 10) => ({ seconds, chunkLatency: NO_LATENCY, phases: null, slaSeconds });
const run = {
  runId: 'r1',
  db: 'sim.duckdb',
  sourceTable: 'fct_workforce_snapshot',
  targetTable: 'scd_workforce_state',
  mode: 'incremental',
  changeSets: 'workers',
  chunks: 4,
  workers: 2,
  chunking: { reason: 'given', workersAsked: 2 },
  slaSeconds: 100,
  periodSlaSeconds: null,
  verification: { mode: 'none', versions: 0, seconds: 0, recorded: false },
} as const;
const latency = { chunk: NO_LATENCY, phases: new PhaseHistograms().summary() };

describe('the run report', () => {
  it('rates rows per second, and 0 for no time at all', () => {
    expect([rate(1000, 4), rate(10, 3), rate(10, 0)]).toEqual([250, 3, 0]);
  });

  it("builds a period's report from its counts and timing, breaching its SLA only past it", () => {
    const report = periodReport(
      { period: 2025, effectiveDate: '2025-12-31' },
      'applied',
      counts(100, 10, 5, 2),
      timing(4),
    );
    expect(report).toEqual({
      period: 2025,
      effectiveDate: '2025-12-31',
      status: 'applied',
      rowsRead: 100,
      newVersions: 10,
      changedVersions: 5,
      removedVersions: 2,
      unchanged: 85,
      seconds: 4,
      rowsPerSecond: 25,
      chunkLatency: NO_LATENCY,
      slaBreached: false,
      phases: null,
    });
    expect(periodReport(report, 'applied', counts(1, 1, 0, 0), timing(10, 10)).slaBreached).toBe(false);
    expect(periodReport(report, 'applied', counts(1, 1, 0, 0), timing(10.5, 10)).slaBreached).toBe(true);
  });

  it('sorts periods and totals only those this run applied', () => {
    const p2026 = periodReport(
      { period: 2026, effectiveDate: '2026-12-31' },
      'replaced',
      counts(100, 1, 2, 3),
      timing(2),
    );
    const p2025 = periodReport(
      { period: 2025, effectiveDate: '2025-12-31' },
      'already-applied',
      counts(90, 90, 0, 0),
      timing(0),
    );
    const p2027 = periodReport(
      { period: 2027, effectiveDate: '2027-12-31' },
      'applied',
      counts(110, 10, 20, 0),
      timing(3),
    );
    const report = runReport(run, [p2026, p2025, p2027], 5, latency);
    expect(report.schemaVersion).toBe(RUN_REPORT_VERSION);
    expect(report.periods.map((p) => p.period)).toEqual([2025, 2026, 2027]);
    expect(report.totals).toEqual({
      ...sumCounts([p2026, p2027]),
      rowsRead: 210,
      periodsApplied: 2,
      seconds: 5,
      rowsPerSecond: 42,
      chunkLatency: NO_LATENCY,
      phaseLatency: latency.phases,
      slaBreached: false,
    });
    expect(report.totals).toMatchObject({ newVersions: 11, changedVersions: 22, removedVersions: 3, unchanged: 177 });
  });

  it("breaches the run's SLA when the run or any period does", () => {
    const slow = periodReport(
      { period: 2025, effectiveDate: '2025-12-31' },
      'applied',
      counts(1, 1, 0, 0),
      timing(11, 10),
    );
    const fast = periodReport(
      { period: 2025, effectiveDate: '2025-12-31' },
      'applied',
      counts(1, 1, 0, 0),
      timing(1, 10),
    );
    expect(runReport(run, [slow], 11, latency).totals.slaBreached).toBe(true);
    expect(runReport(run, [fast], 101, latency).totals.slaBreached).toBe(true);
    expect(runReport(run, [fast], 99, latency).totals.slaBreached).toBe(false);
    expect(runReport(run, [], 0, latency).totals).toMatchObject({ periodsApplied: 0, rowsRead: 0, rowsPerSecond: 0 });
  });
});

describe('latencies', () => {
  it('summarises nothing as zeros, and never reports a percentile above the maximum', () => {
    expect(new LatencyHistogram().summary()).toEqual(NO_LATENCY);
    const histogram = new LatencyHistogram();
    for (const micros of [0.2, 100, 1000, 1001, 123_456]) histogram.record(micros);
    const summary = histogram.summary();
    expect(summary.count).toBe(5);
    expect(summary.maxMicros).toBeGreaterThanOrEqual(123_456);
    expect(summary.maxMicros).toBeLessThan(123_456 * 1.001);
    expect(summary.p999Micros).toBeLessThanOrEqual(summary.maxMicros);
    expect(summary.p50Micros).toBeGreaterThanOrEqual(1000);
    expect(summary.p50Micros).toBeLessThan(1002);
  });

  it('keeps each phase that ran and the period, in microseconds', () => {
    const timer = new PhaseTimer();
    timer.add('export', 0.5);
    timer.add('export', 0.25);
    timer.add('commit', 0.001);
    const phases = timer.summary();
    expect(phases).toEqual({
      exportSeconds: 0.75,
      computeSeconds: 0,
      mergeSeconds: 0,
      insertSeconds: 0,
      checkSeconds: 0,
      commitSeconds: 0.001,
    });
    const histograms = new PhaseHistograms();
    histograms.record(phases, 2);
    const summary = histograms.summary();
    expect([summary.export.count, summary.compute.count, summary.commit.count, summary.period.count]).toEqual([
      1, 0, 1, 1,
    ]);
    expect(summary.export.maxMicros).toBeGreaterThanOrEqual(750_000);
    expect(summary.export.maxMicros).toBeLessThan(751_000);
    expect(summary.period.maxMicros).toBeGreaterThanOrEqual(2_000_000);
  });
});
