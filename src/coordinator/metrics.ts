import * as hdr from 'hdr-histogram-js';
import { DEFAULTS } from '../defaults.js';

const { highestMicros, significantDigits } = DEFAULTS.latency;

export interface LatencySummary {
  readonly count: number;
  readonly p50Micros: number;
  readonly p99Micros: number;
  readonly maxMicros: number;
}

/** Chunk latencies in microseconds, in an HDR histogram so that p99 stays exact to 3 digits at any count. */
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
    if (count === 0) return { count: 0, p50Micros: 0, p99Micros: 0, maxMicros: 0 };
    // A percentile is its bucket's highest equivalent value, which can pass the exact maximum.
    const maxMicros = this.histogram.maxValue;
    return {
      count,
      p50Micros: Math.min(this.histogram.getValueAtPercentile(50), maxMicros),
      p99Micros: Math.min(this.histogram.getValueAtPercentile(99), maxMicros),
      maxMicros,
    };
  }
}
