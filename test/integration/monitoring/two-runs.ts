import { join } from 'node:path';
import { generateWorkforce, runScd } from '../../../src/index.js';
import { withTempDir } from '../../support/helpers.js';

/**
 * A history of 400 employees x 3 years from two runs (2025-2026, then 2027 with an SLA of 1 ms), in a temporary
 * database.
 */
export async function withTwoRuns(fn: (db: string, dir: string) => Promise<void>): Promise<void> {
  await withTempDir(async (dir) => {
    const db = join(dir, 'sim.duckdb');
    await generateWorkforce({
      db,
      table: 'fct_workforce_snapshot',
      employees: 400,
      startYear: 2025,
      years: 3,
      seed: 9,
    });
    await runScd({ db, selection: { kind: 'range', from: 2025, to: 2026, exact: false }, chunks: 3, workers: 2 });
    await runScd({ db, selection: { kind: 'all' }, chunks: 4, workers: 2, slaSeconds: 0.001 });
    await fn(db, dir);
  });
}
