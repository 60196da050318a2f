import { DuckDBInstance } from '@duckdb/node-api';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateWorkforce, runScd } from '../src/index.js';
import { withTempDir } from './helpers.js';

/** Asks a separate process to open the file read-write; it answers OPENED or LOCKED. */
function probeFromOtherProcess(db: string): string {
  const script = `
    const { DuckDBInstance } = await import('@duckdb/node-api');
    try { (await DuckDBInstance.create(${JSON.stringify(db)})).closeSync(); console.log('OPENED'); }
    catch (e) { console.log(/lock/i.test(e.message) ? 'LOCKED' : 'ERROR ' + e.message); }`;
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: process.cwd() }).toString().trim();
}

describe('one writer', () => {
  it('after a run in a long-lived process, a second process still cannot open the file for writing', async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'sim.duckdb');
      await generateWorkforce({ db, table: 'fct_workforce_snapshot', employees: 2000, startYear: 2025, years: 3, seed: 1 });
      const held = await DuckDBInstance.create(db);
      try {
        const report = await runScd({ db, instance: held, selection: { kind: 'all' }, chunks: 8, workers: 2 });
        expect(report.totals.periodsApplied).toBe(3);
        expect(probeFromOtherProcess(db)).toBe('LOCKED');

        // Control: this is what a worker opening and closing the file would do. The probe sees
        // the lock vanish, so the assertion above would catch such a worker.
        const second = await DuckDBInstance.create(db);
        second.closeSync();
        expect(probeFromOtherProcess(db)).toBe('OPENED');
      } finally {
        held.closeSync();
      }
    });
  });
});
