import { describe, expect, it } from 'vitest';
import { formatChangeSets } from '../../../src/cli/output-chunking.js';
import type { RunReport } from '../../../src/model/run-report.js';

/** The fields formatChangeSets reads; the rest of a report does not matter to it. */
const report = (fields: Pick<RunReport, 'changeSets' | 'chunks' | 'workers' | 'chunking'>) => fields as RunReport;
const auto = (largestPeriodRows: number, workersAsked: number) =>
  ({ reason: 'auto', largestPeriodRows, rowsPerChunk: 16_000_000, workersAsked }) as const;

describe('how the run heading says its chunks and workers were decided', () => {
  it('auto with one chunk names the largest period and the rows a chunk takes, and the idle workers', () => {
    expect(formatChangeSets(report({ changeSets: 'workers', chunks: 1, workers: 1, chunking: auto(110_000, 2) }))).toBe(
      "1 chunk on 1 worker: auto: the largest period's 110,000 rows fit one chunk of 16,000,000; " +
        'a worker per chunk, of 2',
    );
  });

  it('auto with several chunks says one per so many rows, and no worker clause when all started', () => {
    expect(
      formatChangeSets(report({ changeSets: 'workers', chunks: 3, workers: 2, chunking: auto(50_000_000, 2) })),
    ).toBe("3 chunks on 2 workers: auto: the largest period's 50,000,000 rows, 16,000,000 a chunk");
  });

  it('given chunks are stated as before, with the workers left out when fewer started than asked', () => {
    const given = (workersAsked: number) => ({ reason: 'given', workersAsked }) as const;
    expect(formatChangeSets(report({ changeSets: 'workers', chunks: 4, workers: 2, chunking: given(2) }))).toBe(
      '4 chunks on 2 workers',
    );
    expect(formatChangeSets(report({ changeSets: 'workers', chunks: 1, workers: 1, chunking: given(4) }))).toBe(
      '1 chunk on 1 worker: a worker per chunk, of 4',
    );
  });

  it('a run with nothing to apply says so instead of chunks and workers, inline or not', () => {
    const nothing = { reason: 'nothing-to-apply' } as const;
    for (const changeSets of ['workers', 'inline'] as const) {
      expect(formatChangeSets(report({ changeSets, chunks: 1, workers: 0, chunking: nothing }))).toBe(
        'no periods to apply',
      );
    }
  });

  it('inline change sets stay named so, whatever auto would have chosen', () => {
    expect(formatChangeSets(report({ changeSets: 'inline', chunks: 1, workers: 0, chunking: auto(10, 2) }))).toBe(
      'inline change sets',
    );
  });
});
