/**
 * The report page's charts. This function runs in the browser: it is embedded into the page by its
 * source text (`drawCharts.toString()`), so it may use nothing but its argument and the global
 * Chart that the bundled Chart.js defines. It is type-checked here like the rest.
 */
import type { MonitoringReport } from './read.js';

declare const Chart: new (canvas: HTMLCanvasElement, config: unknown) => unknown;

export function drawCharts(report: { readonly monitoring: MonitoringReport | null }): void {
  const m = report.monitoring;
  if (m === null) return;
  const canvas = (id: string) => document.getElementById(id) as HTMLCanvasElement;
  const palette = ['#2f6fb0', '#d9822b', '#3a9a5b', '#b04a4a', '#7b5ea7', '#8c6d31', '#4aa3a3', '#c0579c'];
  const common = { animation: false, responsive: true, maintainAspectRatio: false };

  // Chunk latency: a histogram of the last run's chunks, in 12 equal buckets of milliseconds.
  const latencies = m.chunks.map((c) => c.latencyMicros / 1000);
  // A loop, not Math.max(...): spreading 100K+ chunks overflows the call stack.
  const top = latencies.reduce((max, l) => (l > max ? l : max), 1);
  const width = top / 12;
  const counts = Array.from({ length: 12 }, (_, i) => latencies.filter((l) => Math.min(11, Math.floor(l / width)) === i).length);
  new Chart(canvas('latency-histogram'), {
    type: 'bar',
    data: { labels: counts.map((_, i) => `${(i * width).toFixed(1)}-${((i + 1) * width).toFixed(1)}`), datasets: [{ label: 'chunks', data: counts, backgroundColor: palette[0] }] },
    options: { ...common, scales: { x: { title: { display: true, text: 'chunk latency (ms)' } }, y: { title: { display: true, text: 'chunks' } } } },
  });

  // The chunk timeline: one row per worker, one bar per chunk, coloured by period.
  const workers = [...new Set(m.chunks.map((c) => c.worker))].sort((a, b) => a - b);
  const periods = [...new Set(m.chunks.map((c) => c.period))].sort((a, b) => a - b);
  new Chart(canvas('chunk-timeline'), {
    type: 'bar',
    data: {
      labels: workers.map((w) => (w === 0 ? 'coordinator' : `worker ${w}`)),
      datasets: periods.map((p, i) => ({
        label: String(p),
        data: m.chunks.filter((c) => c.period === p).map((c) => ({ x: [c.startMs, c.endMs], y: c.worker === 0 ? 'coordinator' : `worker ${c.worker}` })),
        backgroundColor: palette[i % palette.length],
        grouped: false,
      })),
    },
    options: { ...common, indexAxis: 'y', scales: { x: { type: 'linear', title: { display: true, text: 'ms since the first chunk' } } } },
  });

  new Chart(canvas('throughput'), {
    type: 'bar',
    data: { labels: m.throughput.map((t) => String(t.period)), datasets: [{ label: 'rows/s', data: m.throughput.map((t) => Math.round(t.recordsPerSecond)), backgroundColor: palette[2] }] },
    options: { ...common, scales: { y: { title: { display: true, text: 'rows per second' } } } },
  });

  // SLA compliance: each run's time against its threshold, oldest first.
  const runs = [...m.runs].reverse();
  new Chart(canvas('sla-compliance'), {
    type: 'bar',
    data: {
      labels: runs.map((r) => r.startedAt.slice(0, 19)),
      datasets: [
        { type: 'bar', label: 'run seconds', data: runs.map((r) => r.totalSeconds), backgroundColor: runs.map((r) => (r.totalSeconds <= r.slaSeconds ? palette[2] : palette[3])) },
        { type: 'line', label: 'SLA seconds', data: runs.map((r) => r.slaSeconds), borderColor: palette[1], pointRadius: 0 },
      ],
    },
    options: { ...common, scales: { y: { type: 'logarithmic', title: { display: true, text: 'seconds' } } } },
  });

  new Chart(canvas('integrity'), {
    type: 'bar',
    data: {
      labels: m.integrity.map((c) => c.check),
      datasets: [{ label: 'periods checked', data: m.integrity.map((c) => c.periods), backgroundColor: m.integrity.map((c) => (c.passed ? palette[2] : palette[3])) }],
    },
    options: { ...common, indexAxis: 'y' },
  });
}
