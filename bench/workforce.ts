import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { generateWorkforce } from '../src/api/generate.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { lakeFiles } from './lake.js';
import type { BenchResult, BenchSpec } from './spec.js';

/** What the benchmarks share: cached generated workforces, scratch copies, one process a configuration. */
export const CACHE_DIR = join(PACKAGE_ROOT, 'bench', 'cache');
export const START_YEAR = 2025;
const SCRATCH = join(CACHE_DIR, 'scratch.duckdb');

/** `generate --seed 42` of `employees` x `years`, generated once and kept in bench/cache. */
export async function cachedWorkforce(employees: number, years: number): Promise<string> {
  mkdirSync(CACHE_DIR, { recursive: true });
  const db = join(CACHE_DIR, `workforce-${employees}x${years}-seed42.duckdb`);
  if (!existsSync(db)) {
    process.stderr.write(`generating ${employees} employees x ${years} years (cached in ${db})\n`);
    await generateWorkforce({
      db: `${db}.partial`,
      table: 'fct_workforce_snapshot',
      employees,
      startYear: START_YEAR,
      years,
      seed: 42,
      replace: true,
    });
    execFileSync('mv', [`${db}.partial`, db]);
    rmSync(`${db}.partial.wal`, { force: true });
  }
  return db;
}

/** A fresh copy of a cached workforce for one run (the run writes its history into it). */
export function scratchCopy(source: string): string {
  removeScratch();
  copyFileSync(source, SCRATCH);
  return SCRATCH;
}

const KEPT = join(CACHE_DIR, 'scratch-kept.duckdb');

/** Keeps the scratch database as it is, for restoreScratch (a run's last period measured more than once). */
export function keepScratch(): void {
  copyFileSync(SCRATCH, KEPT);
}

/** The scratch database as keepScratch kept it. */
export function restoreScratch(): string {
  removeScratch();
  copyFileSync(KEPT, SCRATCH);
  return SCRATCH;
}

export function removeScratch(): void {
  for (const path of [SCRATCH, `${SCRATCH}.wal`, ...lakeFiles(SCRATCH)]) rmSync(path, { recursive: true, force: true });
  rmSync(`${SCRATCH}.scd-tmp`, { recursive: true, force: true });
}

export function removeKept(): void {
  rmSync(KEPT, { force: true });
}

/** One configuration in its own process (bench/child.ts), so that its peak RSS is its own. */
export function runChild(spec: BenchSpec): BenchResult {
  const child = spawnSync(process.execPath, [join(PACKAGE_ROOT, 'dist', 'bench', 'child.js'), JSON.stringify(spec)], {
    env: { ...process.env, UV_THREADPOOL_SIZE: '24' },
    maxBuffer: 1 << 24,
  });
  if (child.status !== 0) throw new Error(`bench child failed (${JSON.stringify(spec)}): ${child.stderr.toString()}`);
  return JSON.parse(child.stdout.toString()) as BenchResult;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
