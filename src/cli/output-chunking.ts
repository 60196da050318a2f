import type { RunReport } from '../model/run-report.js';

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
const n = (value: number) => value.toLocaleString('en-US');

/**
 * How the run computed its change sets, and why so: "1 chunk on 1 worker" alone reads oddly for a
 * parallel engine, so the heading says what `--chunks auto` saw, and why fewer workers than asked
 * started (a worker takes a whole chunk). A run with nothing to apply started neither.
 */
export function formatChangeSets(report: RunReport): string {
  const { chunking } = report;
  if (chunking.reason === 'nothing-to-apply') return 'no periods to apply';
  if (report.changeSets === 'inline') return 'inline change sets';
  const how = `${plural(report.chunks, 'chunk')} on ${plural(report.workers, 'worker')}`;
  const why: string[] = [];
  if (chunking.reason === 'auto') {
    const { largestPeriodRows: rows, rowsPerChunk } = chunking;
    why.push(
      report.chunks === 1
        ? `--chunks auto chose 1 because the largest period has ${n(rows)} rows, ` +
            `fewer than the ${n(rowsPerChunk)} a chunk takes`
        : `--chunks auto chose ${report.chunks} for the largest period's ${n(rows)} rows, ` +
            `one per ${n(rowsPerChunk)}`,
    );
  }
  if (report.workers < chunking.workersAsked) {
    why.push(`${report.workers} of ${chunking.workersAsked} workers, one per chunk`);
  }
  return why.length === 0 ? how : `${how}: ${why.join('; ')}`;
}
