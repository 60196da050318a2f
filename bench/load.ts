import { loadavg } from 'node:os';
import { median } from './workforce.js';

/** The 1-minute load average as each configuration's run started: others' work on the machine moves every figure. */
const samples: number[] = [];

export function sampleLoad(): void {
  samples.push(loadavg()[0] ?? 0);
}

/** The samples' lowest, median and highest; null before any run. */
export function loadSummary(): { min: number; median: number; max: number } | null {
  if (samples.length === 0) return null;
  return { min: Math.min(...samples), median: median(samples), max: Math.max(...samples) };
}

/** A sentence for the report's header; empty before any run. */
export function loadText(): string {
  const load = loadSummary();
  if (load === null) return '';
  const f = (v: number) => v.toFixed(1);
  return `Load average (1 min) as the runs started: ${f(load.min)}–${f(load.max)}, median ${f(load.median)}. `;
}
