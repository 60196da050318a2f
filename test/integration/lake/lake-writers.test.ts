import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScd } from '../../../src/index.js';
import { historyFingerprint, withTempDir } from '../../support/helpers.js';
import { EXTENSION_DIR, generatedSource, postgresRuns, withLake } from '../../support/lake.js';
import { BIN } from '../../support/paths.js';

const SCENARIOS = [1, 2, 3, 4];

/** The CLI in a child process; resolves with its exit code and what it said. */
function child(args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const process_ = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    process_.stderr.on('data', (d) => (stderr += d));
    process_.on('close', (code) => resolve({ code, stderr }));
  });
}

/**
 * Many writers: four scenarios (four processes, four sources) apply their periods to one lake with
 * a PostgreSQL catalog at the same time, a table each; their first runs all create the shared
 * ledger and monitoring tables, which DuckLake lets only one commit: the others run again. Every
 * history equals the one its source builds alone, in a file.
 */
describe.runIf(postgresRuns)('four writers on one lake', () => {
  it('each history equals the one built alone', async () => {
    await withTempDir(async (dir) => {
      const sources = await Promise.all(
        SCENARIOS.map(async (n) => {
          const scenario = join(dir, `s${n}`);
          mkdirSync(scenario);
          const db = await generatedSource(scenario, 2_000, 4, n);
          const alone = join(scenario, 'alone.duckdb');
          copyFileSync(db, alone);
          await runScd({ db: alone, table: { targetTable: `scenario_${n}` }, selection: { kind: 'all' } });
          return { n, db, alone };
        }),
      );
      await withLake('postgres', dir, async (lake) => {
        const flags = [
          '--lake',
          lake.catalog,
          '--lake-data',
          lake.dataPath as string,
          '--extension-dir',
          EXTENSION_DIR,
        ];
        const runs = await Promise.all(
          sources.map(({ n, db }) => child(['run', '--db', db, '--target', `scenario_${n}`, '--all', ...flags])),
        );
        expect(
          runs.map((r) => r.code),
          runs.map((r) => r.stderr).join('\n'),
        ).toEqual([0, 0, 0, 0]);
        for (const { n, db, alone } of sources) {
          const inLake = await historyFingerprint({ db, lake }, `scenario_${n}`);
          expect(inLake, `scenario ${n}`).toBe(await historyFingerprint(alone, `scenario_${n}`));
        }
      });
    });
  }, 300_000);
});
