import { spawn } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withDatabase } from '../../../src/db/database.js';
import { type LakeSettings, runScd } from '../../../src/index.js';
import { historyFingerprint, query, withTempDir } from '../../support/helpers.js';
import { CATALOGS, EXTENSION_DIR, generatedSource, lakeRuns, withLake } from '../../support/lake.js';
import { BIN } from '../../support/paths.js';

const YEARS = 4;
const START = 2025;

/** A lake run in a child process, SIGKILL-ed at a fault rule's point; resolves with the signal. */
function killedRun(db: string, lake: LakeSettings, rule: string): Promise<string | null> {
  const flags = ['--lake', lake.catalog, '--extension-dir', EXTENSION_DIR, '--chunks', '4', '--workers', '2'];
  const child = spawn(process.execPath, [BIN, 'run', '--db', db, '--all', ...flags, '--log-level', 'silent'], {
    env: { ...process.env, SCD_PARALLEL_FAULT: rule },
    stdio: 'ignore',
  });
  return new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
}

/** The files under the lake's data path no snapshot holds (DuckLake's own list; it needs the lake writable). */
async function orphans(db: string, lake: LakeSettings): Promise<string[]> {
  const sql = "SELECT path FROM ducklake_delete_orphaned_files('scd_lake', dry_run => true, cleanup_all => true)";
  return withDatabase(db, { lake }, async (c) =>
    (await c.runAndReadAll(sql)).getRowObjectsJS().map((r) => String(r.path)),
  );
}

/**
 * Crash safety in a lake: a run SIGKILL-ed inside a period (its files written, not committed), at
 * its COMMIT, or just after it leaves the lake at its last committed period, exactly; the next
 * run removes the files the killed one wrote and ends equal to an uninterrupted build.
 */
describe.runIf(lakeRuns)('a lake run killed at any point', () => {
  it.each(CATALOGS.filter((c) => c !== 'duckdb'))(
    '%s catalog: the lake stays at its last commit; the next run cleans up and completes',
    async (kind) => {
      await withTempDir(async (dir) => {
        const base = await generatedSource(dir, 3_000, YEARS);
        // The history after each year, built in a file: what a lake killed after N periods must hold.
        const reference = join(dir, 'reference.duckdb');
        copyFileSync(base, reference);
        const prefixes = ['empty'];
        for (let year = START; year < START + YEARS; year++) {
          await runScd({ db: reference, selection: { kind: 'range', from: year, to: year, exact: true } });
          prefixes.push(await historyFingerprint(reference));
        }
        const rules = ['kill:insert:2026', 'kill:check:2027', 'kill:commit:2028', 'kill:committed:2026'];
        for (const [i, rule] of rules.entries()) {
          await withLake(kind, join(dir, `lake-${i}`), async (lake) => {
            await runScd({ db: base, lake, selection: { kind: 'range', from: START, to: START, exact: true } });
            expect(await killedRun(base, lake, rule), rule).toBe('SIGKILL');
            const [, point, period] = rule.split(':');
            const applied = Number(period) - START + (point === 'committed' ? 1 : 0);
            const periods = await query<{ n: string }>(
              { db: base, lake },
              'SELECT count(*) AS n FROM scd_parallel_periods',
            );
            expect(Number(periods[0]?.n), rule).toBe(applied);
            expect(await historyFingerprint({ db: base, lake }), rule).toBe(prefixes[applied]);
            const left = await orphans(base, lake);
            if (point !== 'committed') expect(left.length, `${rule}: the killed period's files`).toBeGreaterThan(0);
            const report = await runScd({ db: base, lake, selection: { kind: 'all' } });
            expect(report.totals.periodsApplied, rule).toBe(YEARS - applied);
            expect(await orphans(base, lake), rule).toEqual([]);
            expect(await historyFingerprint({ db: base, lake }), rule).toBe(prefixes[YEARS]);
          });
        }
      });
    },
    600_000,
  );
});
