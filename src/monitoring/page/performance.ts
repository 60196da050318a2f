import type { MonitoringReport } from '../read.js';
import type { PageKit } from './kit.js';

/** The last run's charts: chunk latency, the chunks on their workers, throughput (runs in the browser, see kit.ts). */
export function drawPerformance(m: MonitoringReport, kit: PageKit): void {
  const { common, palette, title } = kit;

  // Chunk latency: a histogram of the last run's chunks, in at most 12 buckets of a round width.
  const latencies = m.chunks.map((c) => c.latencyMicros / 1000);
  // A loop, not Math.max(...): spreading 100K+ chunks overflows the call stack.
  const top = latencies.reduce((max, l) => Math.max(l, max), 1);
  const width = kit.roundUp(top / 12);
  const buckets = Math.max(1, Math.ceil(top / width));
  const counts: number[] = Array.from({ length: buckets }, () => 0);
  for (const l of latencies) {
    const k = Math.min(buckets - 1, Math.floor(l / width));
    counts[k] = (counts[k] ?? 0) + 1;
  }
  const bound = (i: number) => kit.number(i * width, 3);
  kit.chart('latency-histogram', {
    type: 'bar',
    data: {
      labels: counts.map((_, i) => `${bound(i)}-${bound(i + 1)}`),
      datasets: [{ label: 'chunks', data: counts, backgroundColor: palette.blue }],
    },
    options: {
      ...common,
      scales: {
        x: { title: title('chunk latency (ms)') },
        // Chunks are counted: no tick between whole numbers.
        y: { beginAtZero: true, ticks: { precision: 0 }, title: title('chunks') },
      },
    },
  });

  // The chunk timeline: one row per worker, one bar per chunk, coloured by period along a sequential scale.
  const workerName = (w: number) => (w === 0 ? 'coordinator' : `worker ${w}`);
  const workers = [...new Set(m.chunks.map((c) => c.worker))].sort((a, b) => a - b);
  const periods = [...new Set(m.chunks.map((c) => c.period))].sort((a, b) => a - b);
  const colours = kit.sequential(periods.length);
  kit.chart('chunk-timeline', {
    type: 'bar',
    data: {
      labels: workers.map(workerName),
      datasets: periods.map((p, i) => ({
        label: String(p),
        data: m.chunks.filter((c) => c.period === p).map((c) => ({ x: [c.startMs, c.endMs], y: workerName(c.worker) })),
        backgroundColor: colours[i],
        grouped: false,
      })),
    },
    options: { ...common, indexAxis: 'y', scales: { x: { type: 'linear', title: title('ms since the first chunk') } } },
  });

  kit.chart('throughput', {
    type: 'bar',
    data: {
      labels: m.throughput.map((t) => String(t.period)),
      datasets: [
        {
          label: 'rows/s',
          data: m.throughput.map((t) => Math.round(t.recordsPerSecond)),
          backgroundColor: palette.green,
        },
      ],
    },
    options: { ...common, scales: { y: { beginAtZero: true, title: title('rows per second') } } },
  });
}
