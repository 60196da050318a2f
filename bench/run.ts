import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PACKAGE_ROOT } from '../src/paths.js';
import { aggregate } from './aggregate.js';
import { lakeConfigs, lakeLeftOut } from './lake.js';
import { lakeSection } from './lake-report.js';
import { loadSummary, loadText, sampleLoad } from './load.js';
import { DBT } from './peers/dbt.js';
import { DLT } from './peers/dlt.js';
import { type Peer, runPeer } from './peers/peer.js';
import { SQLMESH } from './peers/sqlmesh.js';
import { chartSvg, type Measured, markdownReport } from './report.js';
import type { BenchLake, BenchResult, BenchSpec } from './spec.js';
import { cachedWorkforce, removeScratch, runChild, START_YEAR, scratchCopy } from './workforce.js';

/**
 * npm run bench: every configuration over cached generated workforces, interleaved across
 * repeats, each in its own process. npm run bench:ci: a small run that fails only when two
 * configurations build different histories, never on time. The peers (dbt, SQLMesh, dlt) run from
 * their own venvs in the full bench only; --no-dbt, --no-sqlmesh, --no-dlt leave one out.
 */
const { values: args } = parseArgs({
  allowNegative: true,
  options: {
    ci: { type: 'boolean', default: false },
    sizes: { type: 'string' },
    years: { type: 'string', default: '10' },
    repeats: { type: 'string' },
    chunks: { type: 'string' },
    workers: { type: 'string' },
    'large-from': { type: 'string', default: '5000000' },
    dbt: { type: 'boolean', default: true },
    sqlmesh: { type: 'boolean', default: true },
    dlt: { type: 'boolean', default: true },
    out: { type: 'string', default: join(PACKAGE_ROOT, 'bench', 'results') },
  },
});

const cores = availableParallelism();
const ci = args.ci;
const list = (text: string | undefined, fallback: number[]) =>
  text === undefined ? fallback : text.split(',').map(Number);
const sizes = list(args.sizes, ci ? [100_000] : [100_000, 1_000_000, 10_000_000]);
const years = Number(args.years);
const repeats = Number(args.repeats ?? (ci ? 1 : 3));
const gridChunks = list(args.chunks, ci ? [1, 16] : [1, 4, 16, 64, 256]);
const gridWorkers = [...new Set(list(args.workers, ci ? [1, 2] : [1, 2, cores]))];
const largeFrom = Number(args['large-from']);
const withDbt = args.dbt && !ci;
const withSqlmesh = args.sqlmesh && !ci;
const withDlt = args.dlt && !ci;
const startYear = START_YEAR;
const allYears = Array.from({ length: years }, (_, i) => startYear + i);
const LARGE_MEMORY_LIMIT_BYTES = 2_000_000_000;
/**
 * Peers run up to 1M employees, and at 1M only the first years (the engine's figures for those years compare with
 * theirs).
 */
const PEER_MAX_SIZE = 1_000_000;
const PEER_YEARS_AT_MAX = 5;
/** Why the engine in a lake is left out, when it is (CI sets SCD_EXTENSION_DIR). */
const lakeNote = lakeLeftOut();
if (lakeNote !== undefined) process.stderr.write(`note: ${lakeNote}\n`);

type Config = {
  readonly id: string;
  readonly family:
    | 'engine'
    | 'engine in a lake'
    | 'set-based (c)'
    | 'full refresh'
    | 'naive rebuild (b)'
    | 'dbt snapshot (d)'
    | 'scan+hash floor (e)'
    | 'apply floor (h)'
    | 'SQLMesh SCD2 (f)'
    | 'dlt scd2 (g)';
  readonly chunks?: number;
  readonly workers?: number;
  /** The periods it applies, when not all: only configurations of the same periods build the same history. */
  readonly years?: readonly number[];
} & (
  | { readonly spec: (db: string) => BenchSpec; readonly peer?: undefined }
  // A peer tool, run from this process over these years (its own processes are the children).
  | { readonly peer: { readonly tool: Peer; readonly years: readonly number[] }; readonly spec?: undefined }
);

function configsFor(size: number): Config[] {
  const large = size >= largeFrom;
  // At the large size a whole 10-year run of every configuration does not fit a session: the
  // engine's one-year step is measured (year 2 after year 1) for a few configurations, under
  // --memory-limit 2GB to show the bounded-memory figure.
  const engineYears = large ? allYears.slice(0, 2) : undefined;
  const limits = large ? { memoryLimitBytes: LARGE_MEMORY_LIMIT_BYTES } : {};
  const chunkSet = large ? [1, 16] : gridChunks;
  const workerSet = large ? [cores] : gridWorkers;
  const engine =
    (chunks: number, workers: number, more: { inline?: boolean; lake?: BenchLake } = {}) =>
    (db: string): BenchSpec => ({
      kind: 'engine',
      db,
      chunks,
      workers,
      ...more,
      ...limits,
      ...(engineYears && { years: engineYears }),
    });
  const configs: Config[] = [];
  for (const chunks of chunkSet) {
    for (const workers of workerSet) {
      configs.push({
        id: `engine chunks=${chunks} workers=${workers}`,
        family: 'engine',
        chunks,
        workers,
        spec: engine(chunks, workers),
      });
    }
  }
  if (lakeNote === undefined) configs.push(...lakeConfigs(cores, (chunks, lake) => engine(chunks, cores, { lake })));
  configs.push({ id: 'set-based (c)', family: 'set-based (c)', spec: engine(1, 1, { inline: true }) });
  // The full refresh under --memory-limit 2GB at every size (issue 11: bounded); at the large size, of the first 3
  // years.
  const refreshYears = large ? allYears.slice(0, 3) : undefined;
  configs.push({
    id: large ? 'full refresh, 3 years' : 'full refresh',
    family: 'full refresh',
    years: refreshYears,
    spec: (db) => ({
      kind: 'engine',
      db,
      chunks: 1,
      workers: 1,
      fullRefresh: true,
      memoryLimitBytes: LARGE_MEMORY_LIMIT_BYTES,
      ...(refreshYears && { years: refreshYears }),
    }),
  });
  if (!large) {
    configs.push({
      id: 'naive rebuild (b)',
      family: 'naive rebuild (b)',
      spec: (db) => ({ kind: 'naive', db, years: allYears }),
    });
  }
  if (!large && size <= PEER_MAX_SIZE) {
    const peerYears = size >= PEER_MAX_SIZE ? allYears.slice(0, PEER_YEARS_AT_MAX) : allYears;
    const suffix = peerYears.length < allYears.length ? `, first ${peerYears.length} years` : '';
    if (withDbt)
      configs.push({ id: 'dbt snapshot (d)', family: 'dbt snapshot (d)', peer: { tool: DBT, years: allYears } });
    if (withSqlmesh)
      configs.push({
        id: `SQLMesh SCD2 (f)${suffix}`,
        family: 'SQLMesh SCD2 (f)',
        peer: { tool: SQLMESH, years: peerYears },
      });
    if (withDlt)
      configs.push({ id: `dlt scd2 (g)${suffix}`, family: 'dlt scd2 (g)', peer: { tool: DLT, years: peerYears } });
  }
  configs.push({
    id: 'apply floor (h)',
    family: 'apply floor (h)',
    spec: (db) => ({ kind: 'apply-floor', db, years: engineYears ?? allYears, ...limits }),
  });
  configs.push({
    id: 'scan+hash floor (e)',
    family: 'scan+hash floor (e)',
    spec: (db) => ({ kind: 'floor', db, years: engineYears ?? allYears }),
  });
  return configs;
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
  const markdown = markdownReport(measured, machine, {
    repeats,
    years,
    ci,
    failures,
    load: loadText(),
    sections: [lakeSection(measured, lakeNote)],
  });
  if (!ci) {
    mkdirSync(args.out, { recursive: true });
    const name = `${date}-${machine.cores}core-${machine.memoryGiB}gb`;
    writeFileSync(
      join(args.out, `${name}.json`),
      `${JSON.stringify({ date, machine, load: loadSummary(), repeats, years, measured, failures }, null, 2)}\n`,
    );
    writeFileSync(join(args.out, `${name}.md`), markdown);
    writeFileSync(join(args.out, `${name}.svg`), chartSvg(measured));
  }
  return markdown;
}

for (const size of sizes) {
  const source = await cachedWorkforce(size, years);
  const configs = configsFor(size);
  const runs = new Map<string, BenchResult[]>(configs.map((c) => [c.id, []]));
  for (let repeat = 0; repeat < repeats; repeat++) {
    for (const config of configs) {
      const db = scratchCopy(source);
      process.stderr.write(`[${size}] ${config.id} (run ${repeat + 1}/${repeats})\n`);
      sampleLoad();
      try {
        runs
          .get(config.id)
          ?.push(config.peer ? await runPeer(config.peer.tool, db, config.peer.years) : runChild(config.spec(db)));
      } catch (error) {
        // A configuration that fails is reported as failed; the others still count.
        failures.push(`${size} employees, ${config.id}: ${error instanceof Error ? error.message : String(error)}`);
        process.stderr.write(`  failed: ${failures.at(-1)}\n`);
      }
    }
  }
  const sizeResults = configs
    .filter((c) => (runs.get(c.id) ?? []).length > 0)
    .map((c) => aggregate(size, c, runs.get(c.id) ?? []));
  measured.push(...sizeResults);
  // Configurations that apply the same periods must build the same history.
  const periodsOf = (r: Measured) => configs.find((c) => c.id === r.id)?.years?.join(',') ?? 'all';
  for (const periods of new Set(sizeResults.map(periodsOf))) {
    const group = sizeResults.filter((r) => periodsOf(r) === periods);
    if (new Set(group.flatMap((r) => r.fingerprints)).size > 1) {
      failures.push(
        `${size} employees: configurations built different ` +
          `histories: ${group.map((r) => `${r.id}=${r.fingerprints.join('|')}`).join(', ')}`,
      );
    }
  }
  for (const r of sizeResults.filter((m) => (m.differingRows ?? 0) > 0)) {
    failures.push(
      `${size} employees: ${r.id} built ${r.differingRows} rows differing from ours once validity maps to periods`,
    );
  }
  writeResults();
}
removeScratch();
process.stdout.write(writeResults());

if (failures.length > 0) {
  process.stderr.write(`${failures.join('\n')}\n`);
  process.exitCode = 1;
} else {
  process.stdout.write('every configuration built the same history\n');
}
