import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { generateWorkforce, runScd } from '../../src/index.js';
import { appliedPeriodCount, historyFingerprint, query, withTempDir } from './helpers.js';

/**
 * A kill at a fault rule's point, or after a fraction of the time an uninterrupted run takes (measured
 * once per test, so a timed kill lands inside the run on a slow or a fast machine alike).
 */
export type Kill = { readonly rule: string } | { readonly atFraction: number };

const START_YEAR = 2025;

/** Runs the CLI in a child process and waits for it; SIGKILL-ed children resolve with the signal. */
function runChild(
  db: string,
  env: Record<string, string>,
  killAfterMs?: number,
): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['bin/scd-parallel.js', 'run', '--db', db, '--all', '--chunks', '4', '--workers', '2', '--log-level', 'silent'],
      {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr });
    });
  });
}

/**
 * For each kill: a fresh copy of the source, a run killed there, then the checks: the history is
 * exactly that of the periods recorded as applied (never in between), a rule's kill lands before
 * or after its period's apply, the next run removes the leftovers and ends identical to an
 * uninterrupted run.
 */
export async function crashTest(kills: readonly Kill[], employees: number, years: number): Promise<void> {
  await withTempDir(async (dir) => {
    const base = join(dir, 'base.duckdb');
    await generateWorkforce({
      db: base,
      table: 'fct_workforce_snapshot',
      employees,
      startYear: START_YEAR,
      years,
      seed: 11,
    });

    const reference = join(dir, 'reference.duckdb');
    copyFileSync(base, reference);
    const prefixes = ['empty'];
    for (let year = START_YEAR; year < START_YEAR + years; year++) {
      await runScd({
        db: reference,
        selection: { kind: 'range', from: year, to: year, exact: true },
        chunks: 4,
        workers: 2,
      });
      prefixes.push(await historyFingerprint(reference));
    }

    const runMs = kills.some((kill) => 'atFraction' in kill) ? await timeRun(base, dir) : 0;
    for (const [i, kill] of kills.entries()) {
      const db = join(dir, `crash-${i}.duckdb`);
      copyFileSync(base, db);
      const afterMs = 'atFraction' in kill ? Math.round(kill.atFraction * runMs) : undefined;
      const result =
        'rule' in kill ? await runChild(db, { SCD_PARALLEL_FAULT: kill.rule }) : await runChild(db, {}, afterMs);
      const label = JSON.stringify({ ...kill, afterMs });
      // Every kill must land: a run that ended first would prove nothing about a crash.
      expect(result.signal, `${label}: ${result.stderr}`).toBe('SIGKILL');

      const applied = await appliedPeriodCount(db);
      expect(await historyFingerprint(db), `${label}: history after ${applied} applied periods`).toBe(
        prefixes[applied],
      );
      // Monitoring rows only for the periods committed, and no run row for the killed run (unless
      // the kill came after its last period, when the run row may be committed too).
      expect(await monitoredPeriods(db, applied === years), `${label}: monitoring`).toEqual(
        Array.from({ length: applied }, (_, i) => START_YEAR + i),
      );
      if ('rule' in kill) {
        const [, point, period] = kill.rule.split(':');
        const index = Number(period) - START_YEAR;
        // A period's export and compute overlap the previous period's apply (the pipeline), so
        // a kill there lands before or after that previous commit.
        const expected =
          point === 'committed'
            ? [index + 1]
            : point === 'export' || point === 'compute'
              ? [Math.max(0, index - 1), index]
              : [index];
        expect(expected, label).toContain(applied);
      }

      const report = await runScd({ db, selection: { kind: 'all' }, chunks: 4, workers: 2 });
      expect(report.totals.periodsApplied, label).toBe(years - applied);
      const tempRoot = `${db}.scd-tmp`;
      expect(existsSync(tempRoot) ? readdirSync(tempRoot) : [], `${label}: leftovers`).toEqual([]);
      expect(await historyFingerprint(db), label).toBe(prefixes[years]);
    }
  });
}

/** How long an uninterrupted run of the CLI takes on a copy of the source, in milliseconds. */
async function timeRun(base: string, dir: string): Promise<number> {
  const db = join(dir, 'timed.duckdb');
  copyFileSync(base, db);
  const startMs = performance.now();
  const result = await runChild(db, {});
  expect(result.code, result.stderr).toBe(0);
  return performance.now() - startMs;
}

/** The periods the monitoring tables hold rows of (every table must agree), and that no run row exists. */
async function monitoredPeriods(db: string, complete: boolean): Promise<number[] | string> {
  const exists = await query(db, "SELECT 1 FROM duckdb_tables() WHERE table_name = 'mon_performance_metrics'");
  if (exists.length === 0) return [];
  const [runs] = await query<{ n: string }>(db, 'SELECT count(*) AS n FROM mon_performance_metrics');
  if (runs?.n !== '0' && !complete) return `a run row for a killed run: ${runs?.n}`;
  const periods = await Promise.all(
    ['mon_scd_phase_metrics', 'mon_chunk_latency', 'mon_scd_integrity_checks'].map(async (t) =>
      (await query<{ period: string }>(db, `SELECT DISTINCT period FROM ${t} ORDER BY period`))
        .map((r) => Number(r.period))
        .join(','),
    ),
  );
  if (new Set(periods).size !== 1) return `tables disagree: ${periods.join(' | ')}`;
  return (periods[0] ?? '')
    .split(',')
    .filter((p) => p !== '')
    .map(Number);
}

export const KILL_POINTS = ['export', 'compute', 'merge', 'insert', 'check', 'commit', 'committed'] as const;
