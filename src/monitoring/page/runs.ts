import type { MonitoringReport } from '../read.js';
import type { PageKit } from './kit.js';

/** SLA compliance across runs and the last run's integrity checks (runs in the browser, see kit.ts). */
export function drawRuns(m: MonitoringReport, kit: PageKit): void {
  const { common, palette, title } = kit;

  // SLA compliance: each run's time against its own threshold, oldest first, on a log axis from
  // the power of ten below the least to the one above the most.
  const runs = [...m.runs].reverse();
  const values = runs.flatMap((r) => [r.totalSeconds, r.slaSeconds]).filter((v) => v > 0);
  const low = 10 ** Math.floor(Math.log10(values.reduce((a, b) => Math.min(a, b), 1)));
  const high = 10 ** Math.ceil(Math.log10(values.reduce((a, b) => Math.max(a, b), 1)));
  // The SLA is a mark across its run's bar, ~3 px thick, not a line through the runs' points: one
  // run gives a line of one point, which is not drawn, and runs' SLAs differ.
  const mark = (high / low) ** 0.008;
  kit.chart('sla-compliance', {
    type: 'bar',
    data: {
      labels: runs.map((r) => r.startedAt.slice(0, 19)),
      datasets: [
        {
          label: 'SLA seconds',
          data: runs.map((r) => [r.slaSeconds / mark, r.slaSeconds * mark]),
          backgroundColor: palette.orange,
          grouped: false,
          barPercentage: 1,
        },
        {
          label: 'run seconds',
          data: runs.map((r) => r.totalSeconds),
          backgroundColor: runs.map((r) => (r.slaBreaches === 0 ? palette.green : palette.red)),
          grouped: false,
          barPercentage: 0.6,
        },
      ],
    },
    options: {
      ...common,
      plugins: {
        tooltip: {
          callbacks: {
            label: (c: { datasetIndex: number; dataIndex: number }) => {
              const run = runs[c.dataIndex];
              if (run === undefined) return '';
              const seconds = kit.number(c.datasetIndex === 0 ? run.slaSeconds : run.totalSeconds, 3);
              return `${c.datasetIndex === 0 ? 'SLA' : 'run'} ${seconds} s`;
            },
          },
        },
      },
      scales: {
        y: { type: 'logarithmic', min: low, max: high, ticks: { callback: kit.decade }, title: title('seconds') },
      },
    },
  });

  // Each check's share of the periods it ran on that it passed: a check that passed reads as a full
  // bar whether it runs on every period or on the first only (the count is in its label).
  const passedPercent = m.integrity.map((c) => (c.periods === 0 ? 100 : (100 * c.passedPeriods) / c.periods));
  const periods = (n: number) => `${kit.number(n)} ${n === 1 ? 'period' : 'periods'}`;
  kit.chart('integrity', {
    type: 'bar',
    data: {
      labels: m.integrity.map((c) => `${c.check} (${periods(c.periods)})`),
      datasets: [
        { label: 'passed', data: passedPercent, backgroundColor: palette.green },
        { label: 'failed', data: passedPercent.map((p) => 100 - p), backgroundColor: palette.red },
      ],
    },
    options: {
      ...common,
      indexAxis: 'y',
      scales: {
        x: { stacked: true, min: 0, max: 100, ticks: { callback: (v: number) => `${v}%` }, title: title('passed') },
        y: { stacked: true },
      },
    },
  });
}
