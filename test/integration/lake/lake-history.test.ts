import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LakeSettings } from '../../../src/index.js';
import { historyAsOf, runScd } from '../../../src/index.js';
import { cli, historyFingerprint, query, withTempDir } from '../../support/helpers.js';
import { CATALOGS, type CatalogKind, EXTENSION_DIR, generatedSource, lakeRuns, withLake } from '../../support/lake.js';

const YEARS = 4;

/** A generated workforce in `dir/sim.duckdb`, and the same history built in a file beside it: the reference. */
async function sourceAndReference(dir: string): Promise<{ db: string; reference: string }> {
  const db = await generatedSource(dir, 3_000, YEARS);
  const reference = join(dir, 'reference.duckdb');
  copyFileSync(db, reference);
  await runScd({ db: reference, selection: { kind: 'all' }, chunks: 4, workers: 2 });
  return { db, reference };
}

const lakeFlags = (lake: LakeSettings) => ['--lake', lake.catalog, '--extension-dir', EXTENSION_DIR];

describe.runIf(lakeRuns)('a history in a lake', () => {
  it.each(CATALOGS)(
    '%s catalog: equals the file-built history, column for column (record_hash, dbt_scd_id stored), and reads back',
    async (kind: CatalogKind) => {
      await withTempDir(async (dir) => {
        const { db, reference } = await sourceAndReference(dir);
        await withLake(kind, dir, async (lake) => {
          const first = await runScd({ db, lake, selection: { kind: 'range', from: 2025, to: 2026, exact: false } });
          const rest = await runScd({ db, lake: { ...lake, dataPath: undefined }, selection: { kind: 'all' } });
          expect(first.totals.periodsApplied + rest.totals.periodsApplied).toBe(YEARS);
          expect(await historyFingerprint({ db, lake })).toBe(await historyFingerprint(reference));
          // The source file was only read: the lake run made nothing in it.
          expect(await query(db, "SELECT 1 FROM duckdb_tables() WHERE table_name LIKE 'scd_%'")).toEqual([]);
          for (const command of [['check'], ['report'], ['as-of'], ['diff', '--from', '2025', '--to', '2028']]) {
            const { code, stderr } = await cli(...command, '--db', db, ...lakeFlags(lake));
            expect(code, `${command[0]}: ${stderr}`).toBe(0);
          }
          // Every run kept: the lake as the first run left it is the history at 2026.
          const then = await historyAsOf({ db, lake: { ...lake, run: first.runId } });
          const now2026 = await historyAsOf({ db, lake, period: 2026 });
          expect(then.period).toBe(2026);
          expect(then.rows).toBe(now2026.rows);
          const byRun = await cli('report', '--db', db, ...lakeFlags(lake), '--run', first.runId, '--json');
          const thenReport = JSON.parse(byRun.stdout);
          expect(thenReport.periods.map((p: { period: number }) => p.period)).toEqual([2025, 2026]);
          // The run's last commit holds its own monitoring row.
          expect(thenReport.monitoring.runs.map((r: { runId: string }) => r.runId)).toEqual([first.runId]);
          // A full refresh rebuilds beside the history in the lake and swaps it in: the same history.
          const refresh = await runScd({ db, lake, selection: { kind: 'all' }, fullRefresh: true });
          expect(refresh.mode).toBe('full-refresh');
          expect(await historyFingerprint({ db, lake })).toBe(await historyFingerprint(reference));
        });
      });
    },
    300_000,
  );

  it('refuses, exit 2, nothing written: another data path, an unknown run, adopt, flags without --lake', async () => {
    await withTempDir(async (dir) => {
      const { db } = await sourceAndReference(dir);
      await withLake('sqlite', dir, async (lake) => {
        await runScd({ db, lake, selection: { kind: 'range', from: 2025, to: 2025, exact: true } });
        const before = await historyFingerprint({ db, lake });
        const other = join(dir, 'elsewhere');
        await expect(
          runScd({ db, lake: { ...lake, dataPath: other }, selection: { kind: 'all' } }),
        ).rejects.toMatchObject({
          code: 'CANNOT_OPEN_LAKE',
          message: expect.stringMatching(/does not match existing data path/),
        });
        expect(existsSync(other)).toBe(false);
        await expect(historyAsOf({ db, lake: { ...lake, run: 'no-such-run' } })).rejects.toMatchObject({
          code: 'RUN_NOT_IN_LAKE',
          message: expect.stringMatching(/^run no-such-run is not in the lake \(its runs: [0-9a-f-]{36}\)$/),
        });
        const adopt = await cli('adopt', '--db', db, ...lakeFlags(lake), '--target', 'x', '--json');
        expect([adopt.code, JSON.parse(adopt.stdout).error.code]).toEqual([2, 'NOT_ON_LAKE']);
        const run = await cli('as-of', '--db', db, '--run', 'x', '--json');
        expect([run.code, JSON.parse(run.stdout).error.code]).toEqual([2, 'MISSING_OPTION']);
        expect(await historyFingerprint({ db, lake })).toBe(before);
      });
      const missing = await cli(
        'check',
        '--db',
        db,
        '--lake',
        `sqlite:${join(dir, 'c.sqlite')}`,
        '--extension-dir',
        dir,
      );
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/ducklake extension cannot be loaded from/);
    });
  }, 300_000);
});
