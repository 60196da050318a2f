import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateWorkforce, runScd } from '../../../src/index.js';
import { memoryLogger, withTempDir } from '../../support/helpers.js';

const latency = {
  count: 2,
  p50Micros: expect.any(Number),
  p90Micros: expect.any(Number),
  p99Micros: expect.any(Number),
  p999Micros: expect.any(Number),
  maxMicros: expect.any(Number),
};

describe('logs', () => {
  it('logs the run start, each period and the run end as whole JSON objects', async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'sim.duckdb');
      await generateWorkforce({
        db,
        table: 'fct_workforce_snapshot',
        employees: 100,
        startYear: 2030,
        years: 2,
        seed: 3,
      });
      const { logger, lines } = memoryLogger();
      await runScd({ db, selection: { kind: 'all' }, chunks: 2, workers: 1, logger });
      const base = {
        level: 30,
        time: expect.any(Number),
        pid: process.pid,
        hostname: expect.any(String),
        runId: expect.any(String),
      };
      expect(lines).toEqual([
        {
          ...base,
          msg: 'run started',
          db,
          target: 'scd_workforce_state',
          periods: [2030, 2031],
          chunks: 2,
          workers: 1,
          inline: false,
          fullRefresh: false,
        },
        ...[2030, 2031].map((period) => ({
          ...base,
          msg: 'period applied',
          period,
          effectiveDate: `${period}-12-31`,
          status: 'applied',
          rowsRead: expect.any(Number),
          newVersions: expect.any(Number),
          changedVersions: expect.any(Number),
          removedVersions: expect.any(Number),
          unchanged: expect.any(Number),
          seconds: expect.any(Number),
          rowsPerSecond: expect.any(Number),
          chunkLatency: latency,
          slaBreached: false,
          phases: {
            exportSeconds: expect.any(Number),
            computeSeconds: expect.any(Number),
            mergeSeconds: expect.any(Number),
            insertSeconds: expect.any(Number),
            checkSeconds: expect.any(Number),
            commitSeconds: expect.any(Number),
          },
        })),
        {
          ...base,
          msg: 'run finished',
          totals: {
            rowsRead: expect.any(Number),
            newVersions: expect.any(Number),
            changedVersions: expect.any(Number),
            removedVersions: expect.any(Number),
            unchanged: expect.any(Number),
            periodsApplied: 2,
            seconds: expect.any(Number),
            rowsPerSecond: expect.any(Number),
            chunkLatency: { ...latency, count: 4 },
            phaseLatency: Object.fromEntries(
              ['export', 'compute', 'merge', 'insert', 'check', 'commit', 'period'].map((phase) => [
                phase,
                { ...latency, count: expect.any(Number) },
              ]),
            ),
            slaBreached: false,
          },
        },
      ]);
      expect(new Set(lines.map((l) => l.runId)).size).toBe(1);
    });
  });

  it('at debug, every chunk and phase has its line: run id, period, phase, chunk, worker', async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'sim.duckdb');
      await generateWorkforce({
        db,
        table: 'fct_workforce_snapshot',
        employees: 100,
        startYear: 2030,
        years: 1,
        seed: 3,
      });
      const { logger, lines } = memoryLogger('debug');
      await runScd({ db, selection: { kind: 'all' }, chunks: 2, workers: 1, logger });
      const base = {
        level: 20,
        time: expect.any(Number),
        pid: process.pid,
        hostname: expect.any(String),
        runId: expect.any(String),
        period: 2030,
      };
      expect(lines.filter((l) => l.msg === 'chunk done').sort((a, b) => Number(a.chunk) - Number(b.chunk))).toEqual(
        [0, 1].map((chunk) => ({
          ...base,
          msg: 'chunk done',
          phase: 'compute',
          chunk,
          worker: expect.any(Number),
          latencyMicros: expect.any(Number),
          rows: expect.any(Number),
        })),
      );
      expect(lines.filter((l) => l.msg === 'phase done')).toEqual(
        ['export', 'compute', 'check', 'merge', 'insert', 'check', 'commit'].map((phase) => ({
          ...base,
          msg: 'phase done',
          phase,
          seconds: expect.any(Number),
        })),
      );
    });
  });
});
