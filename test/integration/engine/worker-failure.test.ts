import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode, generateWorkforce, runScd, ScdError } from '../../../src/index.js';
import { appliedPeriodCount, historyFingerprint, memoryLogger, withTempDir } from '../../support/helpers.js';

async function withWorkforce<T>(fn: (db: string, reference: string) => Promise<T>): Promise<T> {
  return withTempDir(async (dir) => {
    const db = join(dir, 'sim.duckdb');
    const reference = join(dir, 'reference.duckdb');
    for (const path of [db, reference]) {
      await generateWorkforce({
        db: path,
        table: 'fct_workforce_snapshot',
        employees: 800,
        startYear: 2025,
        years: 3,
        seed: 5,
      });
    }
    await runScd({ db: reference, selection: { kind: 'all' }, chunks: 4, workers: 2 });
    return fn(db, reference);
  });
}

afterEach(() => {
  delete process.env.SCD_PARALLEL_FAULT;
});

describe('worker failure', () => {
  it.each(['worker-throw', 'worker-exit'])(
    '%s once: the chunk is retried and the result is unchanged',
    async (kind) => {
      await withWorkforce(async (db, reference) => {
        process.env.SCD_PARALLEL_FAULT = `${kind}:2026:2:1`;
        const { logger, lines } = memoryLogger('warn');
        const report = await runScd({ db, selection: { kind: 'all' }, chunks: 4, workers: 2, logger });
        expect(report.totals.periodsApplied).toBe(3);
        expect(await historyFingerprint(db)).toBe(await historyFingerprint(reference));
        expect(lines).toEqual([
          {
            level: 40,
            time: expect.any(Number),
            pid: process.pid,
            hostname: expect.any(String),
            runId: report.runId,
            msg: 'chunk failed',
            period: 2026,
            chunk: 2,
            attempt: 1,
            error: kind === 'worker-throw' ? 'injected failure in chunk 2' : expect.stringMatching(/exit/i),
          },
        ]);
      });
    },
  );

  it('retries exhausted: the run aborts naming the chunk and the error, exit 4, that period not applied', async () => {
    await withWorkforce(async (db) => {
      process.env.SCD_PARALLEL_FAULT = 'worker-throw:2026:3:99';
      const error = await runScd({ db, selection: { kind: 'all' }, chunks: 4, workers: 2, retries: 2 }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ScdError);
      expect((error as ScdError).exitCode).toBe(ExitCode.workerFailed);
      expect((error as ScdError).message).toBe(
        'chunk 3 of period 2026 failed after 3 attempts: injected failure in chunk 3',
      );
      expect(await appliedPeriodCount(db)).toBe(1);
      const reference = join(db, '..', 'reference.duckdb');
      delete process.env.SCD_PARALLEL_FAULT;
      await runScd({ db, selection: { kind: 'all' }, chunks: 4, workers: 2 });
      expect(await historyFingerprint(db)).toBe(await historyFingerprint(reference));
    });
  });
});
