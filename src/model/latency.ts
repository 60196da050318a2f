import * as hdr from 'hdr-histogram-js';
import { DEFAULTS } from '../defaults.js';
import { PHASES, type PhaseSeconds } from './phases.js';

const { highestMicros, significantDigits } = DEFAULTS.latency;

export interface LatencySummary {
  readonly count: number;
  readonly p50Micros: number;
  readonly p90Micros: number;
  readonly p99Micros: number;
  readonly p999Micros: number;
  readonly maxMicros: number;
}

export const NO_LATENCY: LatencySummary = {
  count: 0,
  p50Micros: 0,
  p90Micros: 0,
  p99Micros: 0,
  p999Micros: 0,
  maxMicros: 0,
};

/** Latencies in microseconds, in an HDR histogram so that p99 stays exact to 3 digits at any count. */
export class LatencyHistogram {
  private readonly histogram = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: highestMicros,
    numberOfSignificantValueDigits: significantDigits,
  });

  record(latencyMicros: number): void {
    this.histogram.recordValue(Math.min(Math.max(1, Math.round(latencyMicros)), highestMicros));
  }

  add(other: LatencyHistogram): void {
    this.histogram.add(other.histogram);
  }

  summary(): LatencySummary {
    const count = this.histogram.totalCount;
    if (count === 0) return NO_LATENCY;
    // A percentile is its bucket's highest equivalent value, which can pass the exact maximum.
    const maxMicros = this.histogram.maxValue;
    const at = (percentile: number) => Math.min(this.histogram.getValueAtPercentile(percentile), maxMicros);
    return { count, p50Micros: at(50), p90Micros: at(90), p99Micros: at(99), p999Micros: at(99.9), maxMicros };
  }
}

/** What a run's phase latencies are kept for: every phase of a period, and the period as a whole. */
export const LATENCY_PHASES = [...PHASES, 'period'] as const;
export type LatencyPhase = (typeof LATENCY_PHASES)[number];
export type PhaseLatency = { readonly [P in LatencyPhase]: LatencySummary };

/** One histogram per phase over a run's periods: the percentiles of `run --json` and the terminal summary. */
export class PhaseHistograms {
  private readonly histograms = new Map(LATENCY_PHASES.map((p) => [p, new LatencyHistogram()]));

  /** A period's phases (those that ran) and its total. */
  record(phases: PhaseSeconds, periodSeconds: number): void {
    for (const phase of PHASES) {
      const seconds = phases[`${phase}Seconds`];
      if (seconds > 0) this.histograms.get(phase)?.record(seconds * 1e6);
    }
    this.histograms.get('period')?.record(periodSeconds * 1e6);
  }

  summary(): PhaseLatency {
    return Object.fromEntries(
      LATENCY_PHASES.map((p) => [p, this.histograms.get(p)?.summary() ?? NO_LATENCY]),
    ) as PhaseLatency;
  }
}
