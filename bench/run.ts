import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateWorkforce } from '../src/generate/generate.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { type Measured, chartSvg, markdownReport } from './report.js';
import type { BenchResult, BenchSpec } from './spec.js';

/**
 * npm run bench: every configuration over cached generated workforces, interleaved across
 * repeats, each in its own process. npm run bench:ci: a small run that fails only when two
 * configurations build different histories, never on time.
 */
const { values: args } = parseArgs({
  options: {
    ci: { type: 'boolean', default: false },
    sizes: { type: 'string' },
    years: { type: 'string', default: '10' },
    repeats: { type: 'string' },
    chunks: { type: 'string' },
    workers: { type: 'string' },
    'large-from': { type: 'string', default: '5000000' },
    dbt: { type: 'boolean', default: true },
    out: { type: 'string', default: join(PACKAGE_ROOT, 'bench', 'results') },
  },
});

const cores = availableParallelism();
const ci = args.ci;
const list = (text: string | undefined, fallback: number[]) => (text === undefined ? fallback : text.split(',').map(Number));
const sizes = list(args.sizes, ci ? [100_000] : [100_000, 1_000_000, 10_000_000]);
const years = Number(args.years);
const repeats = Number(args.repeats ?? (ci ? 1 : 3));
const gridChunks = list(args.chunks, ci ? [1, 16] : [1, 4, 16, 64, 256]);
const gridWorkers = [...new Set(list(args.workers, ci ? [1, 2] : [1, 2, cores]))];
const largeFrom = Number(args['large-from']);
const withDbt = args.dbt && !ci;
const startYear = 2025;
const allYears = Array.from({ length: years }, (_, i) => startYear + i);
const cacheDir = join(PACKAGE_ROOT, 'bench', 'cache');
const venv = join(PACKAGE_ROOT, 'bench', '.venv');
const LARGE_MEMORY_LIMIT_BYTES = 2_000_000_000;

interface Config {
  readonly id: string;
  readonly family: 'engine' | 'set-based (c)' | 'full refresh' | 'naive rebuild (b)' | 'dbt snapshot (d)' | 'scan+hash floor (e)';
  readonly spec?: (db: string) => BenchSpec;
  readonly chunks?: number;
  readonly workers?: number;
  /** The periods it applies, when not all: only configurations of the same periods build the same history. */
  readonly years?: readonly number[];
}

function configsFor(size: number): Config[] {
  const large = size >= largeFrom;
  // At the large size a whole 10-year run of every configuration does not fit a session: the
  // engine's one-year step is measured (year 2 after year 1) for a few configurations, under
  // --memory-limit 2GB to show the bounded-memory figure.
  const engineYears = large ? allYears.slice(0, 2) : undefined;
  const limits = large ? { memoryLimitBytes: LARGE_MEMORY_LIMIT_BYTES } : {};
  const chunkSet = large ? [1, 16] : gridChunks;
  const workerSet = large ? [cores] : gridWorkers;
  const configs: Config[] = [];
  for (const chunks of chunkSet) {
    for (const workers of workerSet) {
      configs.push({
        id: `engine chunks=${chunks} workers=${workers}`,
        family: 'engine',
        chunks,
        workers,
        spec: (db) => ({ kind: 'engine', db, chunks, workers, ...limits, ...(engineYears && { years: engineYears }) }),
      });
    }
  }
  configs.push({ id: 'set-based (c)', family: 'set-based (c)', spec: (db) => ({ kind: 'engine', db, chunks: 1, workers: 1, inline: true, ...limits, ...(engineYears && { years: engineYears }) }) });
  // The full refresh under --memory-limit 2GB at every size (issue 11: bounded); at the large size, of the first 3 years.
  const refreshYears = large ? allYears.slice(0, 3) : undefined;
  configs.push({
    id: large ? 'full refresh, 3 years' : 'full refresh',
    family: 'full refresh',
    years: refreshYears,
    spec: (db) => ({ kind: 'engine', db, chunks: 1, workers: 1, fullRefresh: true, memoryLimitBytes: LARGE_MEMORY_LIMIT_BYTES, ...(refreshYears && { years: refreshYears }) }),
  });
  if (!large) {
    configs.push({ id: 'naive rebuild (b)', family: 'naive rebuild (b)', spec: (db) => ({ kind: 'naive', db, years: allYears }) });
    if (withDbt) configs.push({ id: 'dbt snapshot (d)', family: 'dbt snapshot (d)' });
  }
  configs.push({ id: 'scan+hash floor (e)', family: 'scan+hash floor (e)', spec: (db) => ({ kind: 'floor', db, years: engineYears ?? allYears }) });
  return configs;
}

async function cachedWorkforce(size: number): Promise<string> {
  mkdirSync(cacheDir, { recursive: true });
  const db = join(cacheDir, `workforce-${size}x${years}-seed42.duckdb`);
  if (!existsSync(db)) {
    process.stderr.write(`generating ${size} employees x ${years} years (cached in ${db})\n`);
    await generateWorkforce({ db: `${db}.partial`, table: 'fct_workforce_snapshot', employees: size, startYear, years, seed: 42, replace: true });
    execFileSync('mv', [`${db}.partial`, db]);
    rmSync(`${db}.partial.wal`, { force: true });
  }
  return db;
}

function scratchCopy(source: string): string {
  const db = join(cacheDir, 'scratch.duckdb');
  for (const path of [db, `${db}.wal`]) rmSync(path, { force: true });
  rmSync(`${db}.scd-tmp`, { recursive: true, force: true });
  copyFileSync(source, db);
  return db;
}

function runChild(spec: BenchSpec): BenchResult {
  const child = spawnSync(process.execPath, [join(PACKAGE_ROOT, 'dist', 'bench', 'child.js'), JSON.stringify(spec)], {
    env: { ...process.env, UV_THREADPOOL_SIZE: '24' },
    maxBuffer: 1 << 24,
  });
  if (child.status !== 0) throw new Error(`bench child failed (${JSON.stringify(spec)}): ${child.stderr.toString()}`);
  return JSON.parse(child.stdout.toString()) as BenchResult;
}

function ensureDbt(): string {
  const dbt = join(venv, 'bin', 'dbt');
  if (!existsSync(dbt)) {
    process.stderr.write('installing dbt-duckdb into bench/.venv\n');
    execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
    // dbt-core 2.x downloads a parser binary at install time, which no registry-only machine can.
    execFileSync(join(venv, 'bin', 'pip'), ['install', '-q', 'dbt-core==1.10.23', 'dbt-duckdb==1.10.1'], { stdio: 'inherit' });
  }
  return dbt;
}

/** One `dbt snapshot` per year, timed from outside, start-up included (that is what a user waits for). */
function runDbt(db: string): BenchResult {
  const dbt = ensureDbt();
  const project = join(PACKAGE_ROOT, 'bench', 'dbt');
  const yearSeconds: Record<string, number> = {};
  let maxRssKb = 0;
  const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
  for (const year of allYears) {
    const command = [dbt, 'snapshot', '--project-dir', project, '--profiles-dir', project, '--vars', JSON.stringify({ year }), '--quiet'];
    const startedAt = performance.now();
    const child = spawnSync(timeBin ?? command[0] as string, timeBin ? ['-f', 'maxrss_kb=%M', ...command] : command.slice(1), {
      env: { ...process.env, SCD_BENCH_DB: db, DBT_SEND_ANONYMOUS_USAGE_STATS: 'false' },
      cwd: project,
    });
    yearSeconds[year] = (performance.now() - startedAt) / 1000;
    if (child.status !== 0) throw new Error(`dbt snapshot failed for ${year}: ${child.stdout.toString()} ${child.stderr.toString()}`);
    const rss = /maxrss_kb=(\d+)/.exec(child.stderr.toString());
    if (rss) maxRssKb = Math.max(maxRssKb, Number(rss[1]));
  }
  rmSync(join(project, 'target'), { recursive: true, force: true });
  rmSync(join(project, 'logs'), { recursive: true, force: true });
  const totalSeconds = Object.values(yearSeconds).reduce((a, b) => a + b, 0);
  return { yearSeconds, yearRows: {}, totalSeconds, rowsRead: 0, maxRssKb, chunkP99Micros: null, fingerprint: null };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function aggregate(size: number, config: Config, runs: readonly BenchResult[]): Measured {
  const yearKeys = Object.keys(runs[0]?.yearSeconds ?? {});
  const yearSeconds: Record<string, number | null> = {};
  for (const year of yearKeys) {
    const values = runs.map((r) => r.yearSeconds[year]).filter((v): v is number => typeof v === 'number');
    yearSeconds[year] = values.length === 0 ? null : median(values);
  }
  const p99s = runs.map((r) => r.chunkP99Micros).filter((v): v is number => v !== null);
  return {
    size,
    id: config.id,
    family: config.family,
    chunks: config.chunks ?? null,
    workers: config.workers ?? null,
    runs: runs.length,
    yearSeconds,
    yearRows: runs[0]?.yearRows ?? {},
    totalSeconds: median(runs.map((r) => r.totalSeconds)),
    rowsRead: runs[0]?.rowsRead ?? 0,
    maxRssKb: Math.max(...runs.map((r) => r.maxRssKb)),
    chunkP99Micros: p99s.length === 0 ? null : median(p99s),
    fingerprints: [...new Set(runs.map((r) => r.fingerprint).filter((f): f is string => f !== null))],
  };
}

const measured: Measured[] = [];
const failures: string[] = [];
const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
};
const date = new Date().toISOString().slice(0, 10);

/** Written after every size, so that a failure late in a long run keeps what was measured. */
function writeResults(): string {
  const markdown = markdownReport(measured, machine, { repeats, years, ci, failures });
  if (!ci) {
    mkdirSync(args.out, { recursive: true });
    const name = `${date}-${machine.cores}core-${machine.memoryGiB}gb`;
    writeFileSync(join(args.out, `${name}.json`), `${JSON.stringify({ date, machine, repeats, years, measured, failures }, null, 2)}\n`);
    writeFileSync(join(args.out, `${name}.md`), markdown);
    writeFileSync(join(args.out, `${name}.svg`), chartSvg(measured));
  }
  return markdown;
}

for (const size of sizes) {
  const source = await cachedWorkforce(size);
  const configs = configsFor(size);
  const runs = new Map<string, BenchResult[]>(configs.map((c) => [c.id, []]));
  for (let repeat = 0; repeat < repeats; repeat++) {
    for (const config of configs) {
      if (config.family === 'dbt snapshot (d)' && size > 1_000_000) continue;
      const db = scratchCopy(source);
      process.stderr.write(`[${size}] ${config.id} (run ${repeat + 1}/${repeats})\n`);
      try {
        runs.get(config.id)?.push(config.spec === undefined ? runDbt(db) : runChild(config.spec(db)));
      } catch (error) {
        // A configuration that fails is reported as failed; the others still count.
        failures.push(`${size} employees, ${config.id}: ${error instanceof Error ? error.message : String(error)}`);
        process.stderr.write(`  failed: ${failures.at(-1)}\n`);
      }
    }
  }
  const sizeResults = configs.filter((c) => (runs.get(c.id) ?? []).length > 0).map((c) => aggregate(size, c, runs.get(c.id) ?? []));
  measured.push(...sizeResults);
  // Configurations that apply the same periods must build the same history.
  const periodsOf = (r: Measured) => configs.find((c) => c.id === r.id)?.years?.join(',') ?? 'all';
  for (const periods of new Set(sizeResults.map(periodsOf))) {
    const group = sizeResults.filter((r) => periodsOf(r) === periods);
    if (new Set(group.flatMap((r) => r.fingerprints)).size > 1) {
      failures.push(`${size} employees: configurations built different histories: ${group.map((r) => `${r.id}=${r.fingerprints.join('|')}`).join(', ')}`);
    }
  }
  writeResults();
}
rmSync(join(cacheDir, 'scratch.duckdb'), { force: true });
process.stdout.write(writeResults());

if (failures.length > 0) {
  process.stderr.write(`${failures.join('\n')}\n`);
  process.exitCode = 1;
} else {
  process.stdout.write('every configuration built the same history\n');
}
