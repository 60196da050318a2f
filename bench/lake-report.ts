import { type Measured, stepSeconds } from './report.js';

/** A year step's phases, as run --json names them (`${phase}Seconds`), and the work each one is. */
const PHASES = {
  export: "the period's rows and the current versions exported to Parquet for the workers",
  compute: 'the change sets computed by the workers',
  merge:
    'the close of changed versions: in a lake, their closed copies written whole as new Parquet and a delete file ' +
    'for the open ones (the file updates two columns in place)',
  insert: 'the new versions inserted: in a lake, written as new Parquet files',
  check: 'the integrity checks',
  commit: "the COMMIT: in a lake, the snapshot written to the catalog (the file's checkpoint is after the run)",
} as const;
type Phase = keyof typeof PHASES;
const PHASE_NAMES = Object.keys(PHASES) as Phase[];

/** The issue's bound: at 1M employees, the lake's year step at most 1.5x the file's. */
const TARGET_SIZE = 1_000_000;
const TARGET_RATIO = 1.5;

const fmt = (value: number | null | undefined, digits = 3) =>
  value === null || value === undefined || !Number.isFinite(value) ? '-' : value.toFixed(digits);
const human = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}K`);

/** The file engine a lake configuration is set beside: the same size, chunks and workers. */
const fileOf = (measured: readonly Measured[], lake: Measured) =>
  measured.find(
    (m) => m.family === 'engine' && m.size === lake.size && m.chunks === lake.chunks && m.workers === lake.workers,
  );

/** The runs' year steps, lowest to highest. */
function spread(m: Measured): string {
  const steps = (m.stepRuns ?? []).filter((v): v is number => v !== null);
  return steps.length < 2 ? '' : ` (${fmt(Math.min(...steps), 2)}–${fmt(Math.max(...steps), 2)})`;
}

/** The phases of the year the year step is (stepSeconds picks one year's median); null where none were kept. */
function stepPhases(m: Measured): Record<Phase, number> | null {
  const step = stepSeconds(m);
  const year = Object.keys(m.yearSeconds).find((y) => m.yearSeconds[y] === step);
  const phases = year === undefined ? undefined : m.yearPhases?.[year];
  if (!phases) return null;
  return Object.fromEntries(PHASE_NAMES.map((p) => [p, phases[`${p}Seconds`] ?? 0])) as Record<Phase, number>;
}

/** The phase where the lake spends most over the file, and by how much. */
function bound(lake: Measured, file: Measured): { phase: Phase; excessSeconds: number } | null {
  const [l, f] = [stepPhases(lake), stepPhases(file)];
  if (!l || !f) return null;
  return PHASE_NAMES.map((phase) => ({ phase, excessSeconds: l[phase] - f[phase] })).sort(
    (a, b) => b.excessSeconds - a.excessSeconds,
  )[0] as { phase: Phase; excessSeconds: number };
}

function ratio(lake: Measured, file: Measured | undefined): number | null {
  const [l, f] = [stepSeconds(lake), file ? stepSeconds(file) : null];
  return l !== null && f ? l / f : null;
}

function rows(lakes: readonly Measured[], measured: readonly Measured[]): string[] {
  const lines = [
    '| employees | lake | year step s (runs) | beside | its year step s (runs) | × file | whole run s, lake / file ' +
      '| peak RSS MB, lake / file |',
    '|---|---|---:|---|---:|---:|---:|---:|',
  ];
  for (const lake of lakes) {
    const file = fileOf(measured, lake);
    const mb = (m: Measured | undefined) => (m ? String(Math.round(m.maxRssKb / 1024)) : '-');
    lines.push(
      `| ${human(lake.size)} | ${lake.id} | ${fmt(stepSeconds(lake))}${spread(lake)} | ${file?.id ?? '-'} ` +
        `| ${fmt(file ? stepSeconds(file) : null)}${file ? spread(file) : ''} | ${fmt(ratio(lake, file), 2)} ` +
        `| ${fmt(lake.totalSeconds, 2)} / ${fmt(file?.totalSeconds, 2)} | ${mb(lake)} / ${mb(file)} |`,
    );
  }
  return lines;
}

function phaseRows(lakes: readonly Measured[], measured: readonly Measured[]): string[] {
  const lines = [
    `| employees | lake | ${PHASE_NAMES.join(' | ')} | bound |`,
    `|---|---|${PHASE_NAMES.map(() => '---:|').join('')}---|`,
  ];
  for (const lake of lakes) {
    const file = fileOf(measured, lake);
    const [l, f] = [stepPhases(lake), file ? stepPhases(file) : null];
    const b = file ? bound(lake, file) : null;
    lines.push(
      `| ${human(lake.size)} | ${lake.id} | ${PHASE_NAMES.map((p) => `${fmt(l?.[p])} / ${fmt(f?.[p])}`).join(' | ')} ` +
        `| ${b ? `${b.phase}, +${fmt(b.excessSeconds, 2)} s` : '-'} |`,
    );
  }
  return lines;
}

/** Against the issue's bound, and what bounds each lake: its phase furthest over the file's. */
function verdicts(lakes: readonly Measured[], measured: readonly Measured[]): string[] {
  return lakes.map((lake) => {
    const file = fileOf(measured, lake);
    const r = ratio(lake, file);
    const b = file ? bound(lake, file) : null;
    const target =
      lake.size === TARGET_SIZE && r !== null
        ? ` (target ≤ ${TARGET_RATIO}×: ${r <= TARGET_RATIO ? 'met' : '**not met**'})`
        : '';
    const why = b ? ` Bound by ${b.phase}, ${fmt(b.excessSeconds, 2)} s over the file's: ${PHASES[b.phase]}.` : '';
    return `- ${human(lake.size)}, ${lake.id}: ${fmt(r, 2)}× the file's year step${target}.${why}`;
  });
}

/**
 * The engine in a lake beside the file engine of the same chunks and workers: year step, whole run, peak RSS, the
 * phases of the year step, and what bounds the lake. `note` says why there is none, when there is none.
 */
export function lakeSection(measured: readonly Measured[], note: string | undefined): string {
  const lakes = measured.filter((m) => m.family === 'engine in a lake');
  const heading = '### The engine in a lake against the file';
  if (lakes.length === 0) return `${heading}\n\n${note ? `Not measured: ${note}.` : 'Not measured.'}\n`;
  return [
    heading,
    '',
    'The same engine with its history in a new DuckLake beside the scratch database (catalog: a DuckDB or SQLite ' +
      'file; data: Parquet in a directory on the same disk; the source stays in the DuckDB file, attached ' +
      'read-only), beside the file engine of the same chunks and workers. Its history is read from the lake for the ' +
      'check that every configuration builds the same history. In a lake record_hash and dbt_scd_id are stored, ' +
      "the close of a period's changed versions is a copy of them closed and a delete of the open ones (the " +
      "file's is an UPDATE), and no CHECKPOINT runs; the file's run ends with " +
      "one, outside its year step. (runs) is the lowest and highest run's year step.",
    '',
    ...rows(lakes, measured),
    '',
    "Phases of the year step, seconds, lake / file; bound: the lake's phase furthest over the file's.",
    '',
    ...phaseRows(lakes, measured),
    '',
    ...verdicts(lakes, measured),
    '',
  ].join('\n');
}
