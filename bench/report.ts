import type { BenchResult } from './spec.js';

/** One configuration at one size over its runs: times are medians, maxRssKb the maximum. */
export interface Measured extends Omit<BenchResult, 'fingerprint'> {
  readonly size: number;
  readonly id: string;
  readonly family: string;
  readonly chunks: number | null;
  readonly workers: number | null;
  readonly runs: number;
  /** Each run's year step, for the spread the medians hide. */
  readonly stepRuns?: readonly (number | null)[];
  readonly fingerprints: readonly string[];
}

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly platform: string;
}

const fmt = (value: number | null, digits = 2) =>
  value === null || !Number.isFinite(value) ? '-' : value.toFixed(digits);
const human = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}K`);

/** The years a configuration ran, in order. */
const yearsOf = (m: Pick<Measured, 'yearSeconds'>) => Object.keys(m.yearSeconds).sort((a, b) => Number(a) - Number(b));

/**
 * A year step: the median over every year after the first (the first only inserts); over `years`
 * only when given (a peer that ran fewer years compares with ours over the same ones).
 */
export function stepSeconds(m: Pick<Measured, 'yearSeconds'>, years: readonly string[] = yearsOf(m)): number | null {
  const steps = Object.entries(m.yearSeconds)
    .filter(([year]) => years.includes(year))
    .sort(([a], [b]) => Number(a) - Number(b))
    .slice(1)
    .map(([, v]) => v)
    .filter((v): v is number => v !== null);
  if (steps.length === 0) return null;
  const sorted = [...steps].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] as number;
}

function stepRows(m: Measured): number | null {
  const rows = Object.entries(m.yearRows)
    .sort(([a], [b]) => Number(a) - Number(b))
    .slice(1)
    .map(([, v]) => v);
  if (rows.length === 0) return null;
  return rows.reduce((a, b) => a + b, 0) / rows.length;
}

export function bestEngine(measured: readonly Measured[], size: number): Measured | undefined {
  return measured
    .filter((m) => m.size === size && m.family === 'engine')
    .sort((a, b) => a.totalSeconds - b.totalSeconds)[0];
}

function sizeTable(measured: readonly Measured[], size: number): string {
  const rows = measured.filter((m) => m.size === size);
  const best = bestEngine(measured, size);
  const lines = [
    `### ${human(size)} employees`,
    '',
    '| configuration | whole run s | year step s | max year s | ' +
      'step rows/s | peak RSS MB | chunk p99 ms | × best engine |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const m of rows) {
    const step = stepSeconds(m);
    // Whole runs over different years (a peer's first years at 1M) do not compare.
    const ratio = best && yearsOf(m).join() === yearsOf(best).join() ? fmt(m.totalSeconds / best.totalSeconds) : '-';
    const perStepRows = stepRows(m);
    const years = Object.values(m.yearSeconds).filter((v): v is number => v !== null);
    lines.push(
      `| ${m.id}${m === best ? ' **(best)**' : ''} | ${fmt(m.totalSeconds)} ` +
        `| ${fmt(step, 3)} | ${fmt(years.length ? Math.max(...years) : null, 3)} | ` +
        `${step && perStepRows ? Math.round(perStepRows / step).toLocaleString('en-US') : '-'} ` +
        `| ${Math.round(m.maxRssKb / 1024)} | ` +
        `${m.chunkP99Micros === null ? '-' : fmt(m.chunkP99Micros / 1000, 1)} | ${ratio} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** A peer's year step against the best engine's over the same years: [theirs, ours]. */
function peerSteps(measured: readonly Measured[], peer: Measured): [number | null, number | null] {
  const best = bestEngine(measured, peer.size);
  return [stepSeconds(peer), best ? stepSeconds(best, yearsOf(peer)) : null];
}

/**
 * The peers' histories against ours, once each validity maps to periods, and their year step against ours over the same
 * years.
 */
function peerTable(measured: readonly Measured[]): string {
  const peers = measured.filter((m) => m.differingRows !== undefined);
  const lines = [
    '### Peers against our history',
    '',
    '| employees | peer | years | versions | our versions | rows ' +
      'differing from ours | year step s | ours, same years s | × ours |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const m of peers) {
    const years = yearsOf(m);
    const [theirs, ours] = peerSteps(measured, m);
    lines.push(
      `| ${human(m.size)} | ${m.family} | ${years[0]}–${years.at(-1)} ` +
        `| ${m.versions?.toLocaleString('en-US')} | ${m.ourVersions?.toLocaleString('en-US')} | ` +
        `${m.differingRows} | ${fmt(theirs, 3)} | ${fmt(ours, 3)} | ${theirs && ours ? fmt(theirs / ours, 1) : '-'} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function targets(measured: readonly Measured[]): string {
  const at = (size: number, family: string) => measured.find((m) => m.size === size && m.family === family);
  const lines = ['| target | measured | met |', '|---|---|---|'];
  const row = (target: string, value: number | null, text: string, met: boolean | null) =>
    lines.push(
      `| ${target} | ${value === null ? 'not measured' : text} ` +
        `| ${value === null || met === null ? '-' : met ? 'yes' : '**no**'} |`,
    );
  const b100 = bestEngine(measured, 100_000);
  row(
    '`run --all` at 100K x 10 years ≤ 2 s',
    b100?.totalSeconds ?? null,
    `${fmt(b100?.totalSeconds ?? null)} s (${b100?.id})`,
    b100 ? b100.totalSeconds <= 2 : null,
  );
  const b1m = bestEngine(measured, 1_000_000);
  const step1m = b1m ? stepSeconds(b1m) : null;
  row(
    'one year at 1M, integrity included ≤ 1 s',
    step1m,
    `${fmt(step1m, 3)} s (${b1m?.id})`,
    step1m === null ? null : step1m <= 1,
  );
  const b10m = bestEngine(measured, 10_000_000);
  const step10m = b10m ? stepSeconds(b10m) : null;
  const rss10m = b10m ? b10m.maxRssKb / 1024 / 1024 : null;
  row(
    'one year at 10M ≤ 15 s, peak RSS ≤ 4 GB',
    step10m,
    `${fmt(step10m)} s, ${fmt(rss10m)} GiB (${b10m?.id})`,
    step10m === null || rss10m === null ? null : step10m <= 15 && rss10m <= 4,
  );
  // Issue 11: the pipeline no slower than (c) in the same run; the apply floor (h) shows what is left.
  const c1m = at(1_000_000, 'set-based (c)');
  const cStep = c1m ? stepSeconds(c1m) : null;
  row(
    'engine year step at 1M ≤ set-based (c) in the same run',
    step1m !== null && cStep !== null ? step1m : null,
    `${fmt(step1m, 3)} s vs ${fmt(cStep, 3)} s`,
    step1m !== null && cStep !== null ? step1m <= cStep : null,
  );
  const h1m = at(1_000_000, 'apply floor (h)');
  const hStep = h1m ? stepSeconds(h1m) : null;
  row(
    '(for scale) apply floor (h) year step at 1M',
    hStep,
    `${fmt(hStep, 3)} s; engine ${fmt(step1m && hStep ? step1m / hStep : null)}x of it`,
    null,
  );
  const refresh1m = at(1_000_000, 'full refresh');
  const refreshRss1m = refresh1m ? refresh1m.maxRssKb / 1024 / 1024 : null;
  row(
    'full refresh at 1M x 10 ≤ the incremental whole run, peak RSS ≤ 2 GB (--memory-limit 2GB)',
    refresh1m && b1m ? refresh1m.totalSeconds : null,
    `${fmt(refresh1m?.totalSeconds ?? null)} s vs ${fmt(b1m?.totalSeconds ?? null)} s, ${fmt(refreshRss1m)} GiB`,
    refresh1m && b1m && refreshRss1m !== null ? refresh1m.totalSeconds <= b1m.totalSeconds && refreshRss1m <= 2 : null,
  );
  const refresh10m = measured.find((m) => m.size === 10_000_000 && m.family === 'full refresh');
  const refreshRss10m = refresh10m ? refresh10m.maxRssKb / 1024 / 1024 : null;
  row(
    'full refresh at 10M x 3 completes, peak RSS ≤ 4 GB (--memory-limit 2GB)',
    refreshRss10m,
    `${fmt(refresh10m?.totalSeconds ?? null)} s, ${fmt(refreshRss10m)} GiB`,
    refreshRss10m === null ? null : refreshRss10m <= 4,
  );
  for (const size of [...new Set(measured.map((m) => m.size))]) {
    const best = bestEngine(measured, size);
    const c = at(size, 'set-based (c)');
    const ratio = best && c ? best.totalSeconds / c.totalSeconds : null;
    row(
      `best chunked vs (c) at ${human(size)} ≤ 1.25x`,
      ratio,
      `${fmt(ratio)}x`,
      ratio === null ? null : ratio <= 1.25,
    );
  }
  for (const size of [100_000, 1_000_000]) {
    const best = bestEngine(measured, size);
    const dbt = at(size, 'dbt snapshot (d)');
    const ours = best ? stepSeconds(best) : null;
    const theirs = dbt ? stepSeconds(dbt) : null;
    const ratio = ours && theirs ? theirs / ours : null;
    row(
      `dbt snapshot per year ≥ 10x slower at ${human(size)}`,
      ratio,
      `${fmt(ratio, 1)}x (${fmt(theirs)} s vs ${fmt(ours, 3)} s)`,
      ratio === null ? null : ratio >= 10,
    );
  }
  for (const [name, family] of [
    ['SQLMesh', 'SQLMesh SCD2 (f)'],
    ['dlt', 'dlt scd2 (g)'],
  ] as const) {
    const peer = at(1_000_000, family);
    const [theirs, ours] = peer ? peerSteps(measured, peer) : [null, null];
    const ratio = theirs && ours ? theirs / ours : null;
    row(
      `${name} per year ≥ 3× slower than the engine at 1M`,
      ratio,
      `${fmt(ratio, 1)}x (${fmt(theirs, 3)} s vs ${fmt(ours, 3)} s)`,
      ratio === null ? null : ratio >= 3,
    );
  }
  const throughput = b1m && step1m ? (stepRows(b1m) ?? 0) / step1m : null;
  row(
    'year step at 1M ≥ 2M rows/s',
    throughput,
    `${throughput ? Math.round(throughput).toLocaleString('en-US') : '-'} rows/s`,
    throughput === null ? null : throughput >= 2e6,
  );
  return `${lines.join('\n')}\n`;
}

export function markdownReport(
  measured: readonly Measured[],
  machine: Machine,
  run: {
    repeats: number;
    years: number;
    ci: boolean;
    failures: readonly string[];
    load?: string;
    sections?: readonly string[];
  },
): string {
  const sizes = [...new Set(measured.map((m) => m.size))];
  return [
    `## Benchmark${run.ci ? ' (CI)' : ''}`,
    '',
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} ` +
      `GiB, ${machine.platform}, Node ${machine.node}. ${run.load ?? ''}` +
      `Workforces from \`generate --seed 42\`, ${run.years} years; every figure is ` +
      `the median of ${run.repeats} interleaved run(s), each in its own process. ` +
      '"year step" is the median over the years after the first; "whole run" is `run` from start to ' +
      'report, opening the database, starting the pool and the final checkpoint included. At 10M ' +
      'employees only two years are run (the census year and one step), under `--memory-limit 2GB`. ' +
      'The peers (d, f, g) run one process per year, timed from outside with its start-up; at 1M employees ' +
      'SQLMesh and dlt run only the first years, and their ' +
      'year step compares with the engine over those years. ' +
      "The apply floor (h) runs the engine's own change-set, close and insert " +
      'statements and one commit a year, with no check, ledger or pool, and the ' +
      'final checkpoint: the least a year step costs in this SQL on this machine.',
    '',
    ...sizes.map((s) => sizeTable(measured, s)),
    // Sections other files write (bench/lake-report.ts), after the tables they compare with.
    ...(run.sections ?? []),
    ...(measured.some((m) => m.differingRows !== undefined) ? [peerTable(measured)] : []),
    '### Targets',
    '',
    targets(measured),
    ...(run.failures.length > 0 ? ['### Failures', '', ...run.failures.map((f) => `- ${f}`), ''] : []),
  ].join('\n');
}

/** Two panels: year-step seconds against employees (log-log), and whole-run seconds against chunks. */
export function chartSvg(measured: readonly Measured[]): string {
  const width = 1000;
  const height = 520;
  const panel = { w: 380, h: 300, top: 50 };
  const colors = ['#1b6ca8', '#d1495b', '#edae49', '#66a182', '#8d6a9f', '#2e4057', '#00798c', '#e76f51', '#6b705c'];
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" ` +
      `height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
  ];
  const axes = (x0: number, title: string, xLabel: string, yLabel: string) => {
    parts.push(`<text x="${x0 + panel.w / 2}" y="25" text-anchor="middle" font-size="14">${title}</text>`);
    parts.push(
      `<line x1="${x0}" y1="${panel.top + panel.h}" x2="${x0 + panel.w}" y2="${panel.top + panel.h}" stroke="black"/>`,
    );
    parts.push(`<line x1="${x0}" y1="${panel.top}" x2="${x0}" y2="${panel.top + panel.h}" stroke="black"/>`);
    parts.push(`<text x="${x0 + panel.w / 2}" y="${panel.top + panel.h + 35}" text-anchor="middle">${xLabel}</text>`);
    parts.push(
      `<text x="${x0 - 45}" y="${panel.top + panel.h / 2}" text-anchor="middle" ` +
        `transform="rotate(-90 ${x0 - 45} ${panel.top + panel.h / 2})">${yLabel}</text>`,
    );
  };
  const logScale = (values: number[], lo: number, hi: number) => {
    const min = Math.log10(Math.min(...values));
    const max = Math.log10(Math.max(...values));
    const span = max - min || 1;
    return (v: number) => lo + ((Math.log10(v) - min) / span) * (hi - lo);
  };
  const series = (
    x0: number,
    points: Array<{ name: string; xy: Array<[number, number]> }>,
    xTicks: number[],
    xName: (v: number) => string,
  ) => {
    const xs = points.flatMap((p) => p.xy.map(([x]) => x));
    const ys = points.flatMap((p) => p.xy.map(([, y]) => y));
    if (xs.length === 0) return;
    const sx = logScale(xs, x0 + 20, x0 + panel.w - 20);
    const sy = logScale(ys, panel.top + panel.h - 10, panel.top + 10);
    for (const x of xTicks)
      parts.push(`<text x="${sx(x)}" y="${panel.top + panel.h + 16}" text-anchor="middle">${xName(x)}</text>`);
    // Log axis: every power of ten in range, plus both ends.
    const [lo, hi] = [Math.min(...ys), Math.max(...ys)];
    const decades = Array.from({ length: 12 }, (_, i) => 10 ** (i - 3)).filter((d) => d > lo * 1.3 && d < hi / 1.3);
    for (const y of [lo, ...decades, hi]) {
      parts.push(`<line x1="${x0}" y1="${sy(y)}" x2="${x0 + panel.w}" y2="${sy(y)}" stroke="#eee"/>`);
      parts.push(`<text x="${x0 - 5}" y="${sy(y) + 4}" text-anchor="end">${Number(y.toPrecision(2))}</text>`);
    }
    points.forEach((p, i) => {
      const color = colors[i % colors.length];
      parts.push(
        `<polyline fill="none" stroke="${color}" stroke-width="2" ` +
          `points="${p.xy.map(([x, y]) => `${sx(x)},${sy(y)}`).join(' ')}"/>`,
      );
      for (const [x, y] of p.xy) parts.push(`<circle cx="${sx(x)}" cy="${sy(y)}" r="3" fill="${color}"/>`);
      const legendY = panel.top + panel.h + 60 + Math.floor(i / 2) * 18;
      const legendX = x0 + (i % 2) * (panel.w / 2);
      parts.push(`<rect x="${legendX}" y="${legendY - 9}" width="12" height="4" fill="${color}"/>`);
      parts.push(`<text x="${legendX + 18}" y="${legendY}" fill="${color}">${p.name}</text>`);
    });
  };

  const sizes = [...new Set(measured.map((m) => m.size))].sort((a, b) => a - b);
  const families = [
    'best engine',
    'engine chunks=1',
    'set-based (c)',
    'naive rebuild (b)',
    'dbt snapshot (d)',
    'SQLMesh SCD2 (f)',
    'dlt scd2 (g)',
    'apply floor (h)',
    'scan+hash floor (e)',
  ];
  const pick = (size: number, family: string) =>
    family === 'best engine'
      ? bestEngine(measured, size)
      : family === 'engine chunks=1'
        ? measured
            .filter((m) => m.size === size && m.chunks === 1 && m.family === 'engine')
            .sort((a, b) => a.totalSeconds - b.totalSeconds)[0]
        : measured.find((m) => m.size === size && m.family === family);
  axes(80, 'Year step against employees', 'employees', 'seconds per year (log)');
  series(
    80,
    families
      .map((name) => ({
        name,
        xy: sizes
          .map((s) => [s, pick(s, name)] as const)
          .flatMap(([s, m]) => (m && stepSeconds(m) ? [[s, stepSeconds(m) as number] as [number, number]] : [])),
      }))
      .filter((p) => p.xy.length > 0),
    sizes,
    human,
  );

  const gridSize = Math.max(
    ...sizes.filter((s) =>
      measured.some((m) => m.size === s && m.family === 'engine' && m.chunks !== null && m.chunks > 16),
    ),
    sizes[0] ?? 0,
  );
  const engine = measured.filter((m) => m.size === gridSize && m.family === 'engine');
  const workers = [...new Set(engine.map((m) => m.workers))];
  const chunkTicks = [...new Set(engine.map((m) => m.chunks as number))].sort((a, b) => a - b);
  const c = measured.find((m) => m.size === gridSize && m.family === 'set-based (c)');
  axes(580, `Whole run against chunks, ${human(gridSize)} employees`, 'chunks', 'seconds (log)');
  series(
    580,
    [
      ...workers.map((w) => ({
        name: `workers=${w}`,
        xy: engine
          .filter((m) => m.workers === w)
          .sort((a, b) => (a.chunks as number) - (b.chunks as number))
          .map((m) => [m.chunks as number, m.totalSeconds] as [number, number]),
      })),
      ...(c ? [{ name: 'set-based (c)', xy: chunkTicks.map((x) => [x, c.totalSeconds] as [number, number]) }] : []),
    ],
    chunkTicks,
    String,
  );
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
