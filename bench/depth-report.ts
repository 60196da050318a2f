import type { BenchResult } from './spec.js';
import { median } from './workforce.js';

export interface DepthRun {
  readonly employees: number;
  readonly years: number;
  /** The run of every period but the last, then the last period as the default verification applied it. */
  readonly result: BenchResult;
  /** The last period applied on its own, with each --verify, on the same history. */
  readonly lastPeriod?: { readonly touched: BenchResult; readonly full: BenchResult };
}

interface PeriodRow {
  readonly period: number;
  readonly rows: number;
  readonly seconds: number;
  readonly rowsPerSecond: number;
  readonly phases: Record<string, number>;
}

const TARGET_RATIO = 0.9;
const PHASES = ['mergeSeconds', 'insertSeconds', 'checkSeconds', 'commitSeconds'] as const;

function periodRows(run: DepthRun): PeriodRow[] {
  return Object.entries(run.result.yearSeconds)
    .map(([period, seconds]) => {
      const rows = run.result.yearRows[period] ?? 0;
      return {
        period: Number(period),
        rows,
        seconds: seconds ?? 0,
        rowsPerSecond: seconds ? rows / seconds : 0,
        phases: run.result.yearPhases?.[period] ?? {},
      };
    })
    .sort((a, b) => a.period - b.period);
}

/** Year-step throughput: periods 2-6 (the first only inserts) against the last five. */
export function depthRatio(run: DepthRun): { early: number; late: number; ratio: number } {
  const rates = periodRows(run).map((p) => p.rowsPerSecond);
  const early = median(rates.slice(1, 6));
  const late = median(rates.slice(-5));
  return { early, late, ratio: late / early };
}

const n = (v: number) => Math.round(v).toLocaleString('en-US');

export function depthMarkdown(
  runs: readonly DepthRun[],
  machine: { cpu: string; cores: number; memoryGiB: number; node: string },
): string {
  const lines = [
    '## History depth',
    '',
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}. ` +
      `Per size, one \`run\` of every period but the last with the defaults, in its own process, over ` +
      `\`generate --seed 42\` (the workforce grows about 3% a year), then the last period on its own ` +
      `with the verification the engine chooses by default (its row below; "whole run" adds the two). ` +
      `A period's seconds are the wall time it adds to the run; rows/s are its snapshot rows over them. ` +
      `Target: the median rows/s of the last five periods ≥ ${TARGET_RATIO}× that of periods 2–6.`,
    '',
  ];
  for (const run of runs) {
    const { early, late, ratio } = depthRatio(run);
    const rows = periodRows(run);
    lines.push(
      `### ${n(run.employees)} employees × ${run.years} periods`,
      '',
      `Whole run ${run.result.totalSeconds.toFixed(1)} s, peak RSS ${n(run.result.maxRssKb / 1024)} ` +
        `MB. Median rows/s: periods 2–6 ${n(early)}, last five ${n(late)}: **${ratio.toFixed(2)}×** ` +
        `(target ≥ ${TARGET_RATIO}: ${ratio >= TARGET_RATIO ? 'met' : '**not met**'}).`,
      '',
      '| period | rows | seconds | rows/s | merge s | insert s | check s | commit s |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...rows.map(
        (p) =>
          `| ${p.period} | ${n(p.rows)} | ${p.seconds.toFixed(3)} | ${n(p.rowsPerSecond)} ` +
          `| ${PHASES.map((k) => (p.phases[k] ?? 0).toFixed(3)).join(' | ')} |`,
      ),
      '',
      ...verificationLines(run),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The last period's verification of the history it found, with each --verify, beside its year step. */
function verificationLines(run: DepthRun): string[] {
  if (run.lastPeriod === undefined) return [];
  // A year step inside a run of many: the median of the five periods before the last.
  const inRun = median(
    periodRows(run)
      .slice(-6, -1)
      .map((p) => p.seconds),
  );
  const row = (mode: 'touched' | 'full') => {
    const result = (run.lastPeriod as NonNullable<DepthRun['lastPeriod']>)[mode];
    const step = Object.values(result.yearSeconds)[0] ?? 0;
    const v = result.verification ?? { mode, versions: 0, seconds: 0 };
    // touched checks in the year step (its first period's check phase); full before it
    const yearStep = mode === 'touched' ? step - v.seconds : step;
    const percent = (of: number) => `${((100 * v.seconds) / of).toFixed(1)}%`;
    const cells = [mode, n(v.versions), v.seconds.toFixed(3), yearStep.toFixed(3), percent(yearStep), percent(inRun)];
    return `| ${cells.join(' | ')} |`;
  };
  return [
    'The last period on its own, as a yearly run applies it, once with each `--verify` on the same history: the ' +
      "verification's seconds, the run's year step without them, and against a year step inside a run of many " +
      `(median of the five periods before, ${inRun.toFixed(3)} s).`,
    '',
    '| --verify | versions found | verification s | year step s | / year step | / in-run year step |',
    '|---|---:|---:|---:|---:|---:|',
    row('touched'),
    row('full'),
    '',
  ];
}

/** Rows/s against the period's index, one line per size, on a linear scale from 0. */
export function depthSvg(runs: readonly DepthRun[]): string {
  const [width, height, left, top, plotW, plotH] = [760, 420, 90, 40, 620, 300];
  const colors = ['#1b6ca8', '#d1495b', '#66a182', '#edae49'];
  const series = runs.map((run) => periodRows(run).map((p, i) => [i + 1, p.rowsPerSecond] as const));
  const maxX = Math.max(...series.map((s) => s.length));
  const maxY = Math.max(...series.flatMap((s) => s.map(([, y]) => y))) * 1.1;
  const x = (v: number) => left + ((v - 1) / Math.max(1, maxX - 1)) * plotW;
  const y = (v: number) => top + plotH - (v / maxY) * plotH;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" ` +
      `height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${left + plotW / 2}" y="22" text-anchor="middle" ` +
      `font-size="14">Year-step throughput as the history deepens</text>`,
    `<line x1="${left}" y1="${top + plotH}" x2="${left + plotW}" y2="${top + plotH}" stroke="black"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}" stroke="black"/>`,
    `<text x="${left + plotW / 2}" y="${top + plotH + 35}" text-anchor="middle">period (1 = the census year)</text>`,
    `<text x="20" y="${top + plotH / 2}" transform="rotate(-90 ` +
      `20 ${top + plotH / 2})" text-anchor="middle">snapshot rows per second</text>`,
  ];
  for (let i = 0; i <= 5; i++) {
    const v = (maxY / 5) * i;
    parts.push(
      `<line x1="${left}" y1="${y(v)}" x2="${left + plotW}" y2="${y(v)}" stroke="#eee"/>`,
      `<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${n(v)}</text>`,
    );
  }
  for (let t = 1; t <= maxX; t += Math.max(1, Math.round(maxX / 10)))
    parts.push(`<text x="${x(t)}" y="${top + plotH + 16}" text-anchor="middle">${t}</text>`);
  runs.forEach((run, i) => {
    const color = colors[i % colors.length];
    parts.push(
      `<polyline fill="none" stroke="${color}" stroke-width="2" ` +
        `points="${(series[i] ?? []).map(([a, b]) => `${x(a)},${y(b)}`).join(' ')}"/>`,
    );
    parts.push(
      `<text x="${left + 10}" y="${top + 14 + i * 16}" ` +
        `fill="${color}">${n(run.employees)} employees × ${run.years} periods</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
