import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { type LakeSettings, runScd } from '../../../src/index.js';
import { LakeCatalog } from '../../../src/sql/index.js';
import { cli, withTempDir } from '../../support/helpers.js';
import { CATALOGS, EXTENSION_DIR, generatedSource, lakeRuns, withLake } from '../../support/lake.js';
import { pausedRun } from '../../support/paused-run.js';

/** A plain DuckDB client, as a BI tool would read the lake: the history's rows, current ones apart. */
async function plainClient(lake: LakeSettings): Promise<{ versions: string; current: string }> {
  const instance = await DuckDBInstance.create(':memory:', { extension_directory: EXTENSION_DIR });
  try {
    const connection = await instance.connect();
    try {
      await connection.run('LOAD ducklake');
      await connection.run(`ATTACH ${LakeCatalog.parse(lake.catalog).attachTarget.sql} AS bi (READ_ONLY)`);
      const reader = await connection.runAndReadAll(
        'SELECT count(*) AS versions, count(*) FILTER (is_current_record) AS current FROM bi.scd_workforce_state',
      );
      return reader.getRowObjectsJson()[0] as { versions: string; current: string };
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

/**
 * Readers are never blocked: while a run holds its transaction open on the lake (paused just
 * before its COMMIT of 2026), check, as-of, report and a plain DuckDB client read the last
 * committed period and exit 0; the run then commits. A DuckDB-file catalog serves one process,
 * as DuckLake says: it is not among these.
 */
describe.runIf(lakeRuns)('readers of a lake while a run writes it', () => {
  it.each(CATALOGS.filter((c) => c !== 'duckdb'))(
    '%s catalog: check, as-of, report and a plain client read the last commit, exit 0',
    async (kind) => {
      await withTempDir(async (dir) => {
        const db = await generatedSource(dir, 2_000, 3);
        await withLake(kind, dir, async (lake) => {
          const first = await runScd({ db, lake, selection: { kind: 'range', from: 2025, to: 2025, exact: true } });
          const flags = ['--db', db, '--lake', lake.catalog, '--extension-dir', EXTENSION_DIR];
          const seen: Record<string, unknown> = {};
          const writer = await pausedRun(dir, ['run', ...flags, '--all', '--json'], 'pause:commit:2026', async () => {
            const check = await cli('check', ...flags, '--json');
            const asOf = await cli('as-of', ...flags, '--json');
            const report = await cli('report', ...flags, '--json');
            seen.codes = [check.code, asOf.code, report.code];
            seen.ok = JSON.parse(check.stdout).ok;
            seen.asOf = JSON.parse(asOf.stdout).period;
            seen.periods = JSON.parse(report.stdout).periods.map((p: { period: number }) => p.period);
            seen.client = await plainClient(lake);
          });
          expect(writer.paused).toBe(true);
          expect(writer.code, writer.stderr).toBe(0);
          const current = String(first.periods[0]?.rowsRead);
          expect(seen).toEqual({
            codes: [0, 0, 0],
            ok: true,
            asOf: 2025,
            periods: [2025],
            client: { versions: current, current },
          });
        });
      });
    },
    300_000,
  );
});

/**
 * One writer per history, as the file's lock gives: a second run of a history a live process is
 * writing is refused, exit 3, before it touches the lake (its cleanup of a killed writer's files
 * would remove the live one's); a claim left by a killed run is taken over.
 */
describe.runIf(lakeRuns)('two writers of one history in a lake', () => {
  it('refuses the second, exit 3, and takes over a killed run’s claim', async () => {
    await withTempDir(async (dir) => {
      const db = await generatedSource(dir, 1_000, 2);
      await withLake('sqlite', dir, async (lake) => {
        const flags = ['--db', db, '--lake', lake.catalog, '--extension-dir', EXTENSION_DIR];
        let second: Awaited<ReturnType<typeof cli>> | undefined;
        const first = await pausedRun(
          dir,
          ['run', ...flags, '--all', '--lake-data', lake.dataPath as string],
          'pause:merge:2025',
          async () => {
            second = await cli('run', ...flags, '--all', '--json');
          },
        );
        expect([first.paused, first.code]).toEqual([true, 0]);
        expect(second?.code).toBe(3);
        expect(JSON.parse(second?.stdout ?? '{}').error).toMatchObject({
          code: 'IN_USE',
          message: expect.stringMatching(/^history scd_workforce_state in lake .* is being written by process \d+/),
        });
        // Killed while it held its claim: the next run takes it over.
        expect((await cli('rewind', ...flags, '--to', '2025')).code).toBe(0);
        const killed = await pausedRun(dir, ['run', ...flags, '--all'], 'kill:merge:2026', () => {});
        expect(killed.code).toBe(null);
        expect((await cli('run', ...flags, '--all')).code).toBe(0);
      });
    });
  }, 300_000);
});
