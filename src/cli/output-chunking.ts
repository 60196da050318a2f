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
        ? `auto: the largest period's ${n(rows)} rows fit one chunk of ${n(rowsPerChunk)}`
        : `auto: the largest period's ${n(rows)} rows, ${n(rowsPerChunk)} a chunk`,
    );
  }
  if (report.workers < chunking.workersAsked) {
    why.push(`a worker per chunk, of ${chunking.workersAsked}`);
  }
  return why.length === 0 ? how : `${how}: ${why.join('; ')}`;
}
