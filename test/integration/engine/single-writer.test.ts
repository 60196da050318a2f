import { execFileSync, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { checkHistory, ExitCode, generateWorkforce, runScd } from '../../../src/index.js';
import { cli, historyFingerprint, withTempDir } from '../../support/helpers.js';

/** Asks a separate process to open the file read-write; it answers OPENED or LOCKED. */
function probeFromOtherProcess(db: string): string {
  const script = `
    const { DuckDBInstance } = await import('@duckdb/node-api');
    try { (await DuckDBInstance.create(${JSON.stringify(db)})).closeSync(); console.log('OPENED'); }
    catch (e) { console.log(/lock/i.test(e.message) ? 'LOCKED' : 'ERROR ' + e.message); }`;
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: process.cwd() })
    .toString()
    .trim();
}

describe('one writer', () => {
  it('after a run in a long-lived process, a second process still cannot open the file for writing', async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'sim.duckdb');
      await generateWorkforce({
        db,
        table: 'fct_workforce_snapshot',
        employees: 2000,
        startYear: 2025,
        years: 3,
        seed: 1,
      });
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

  it('during a run, a second run, check and report are refused at once, and nothing is corrupted', async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'sim.duckdb');
      await generateWorkforce({
        db,
        table: 'fct_workforce_snapshot',
        employees: 1000,
        startYear: 2025,
        years: 3,
        seed: 2,
      });
      const resume = join(dir, 'resume');
      const first = spawn(
        process.execPath,
        ['bin/scd-parallel.js', 'run', '--db', db, '--all', '--log-level', 'silent'],
        {
          env: { ...process.env, SCD_PARALLEL_FAULT: 'pause:merge:2026', SCD_PARALLEL_RESUME: resume },
          stdio: 'ignore',
        },
      );
      const exited = new Promise<number | null>((resolve) => first.on('exit', (code) => resolve(code)));
      while (!existsSync(`${resume}.paused`)) await new Promise((r) => setTimeout(r, 20));

      const message = `scd-parallel: database ${db} is in use by another process (a run may be in progress)\n`;
      for (const command of ['run', 'check', 'report']) {
        const startedAt = performance.now();
        const result = await cli(command, '--db', db, ...(command === 'run' ? ['--all'] : []));
        expect([command, result.code, result.stderr]).toEqual([command, ExitCode.locked, message]);
        expect(performance.now() - startedAt).toBeLessThan(10_000);
      }

      writeFileSync(resume, '');
      expect(await exited).toBe(0);
      expect((await checkHistory({ db })).ok).toBe(true);
      expect(await historyFingerprint(db)).not.toBe('empty');
      expect((await cli('report', '--db', db)).code).toBe(0);
    });
  });
});
