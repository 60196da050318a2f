import { describe, expect, it } from 'vitest';
import { progressPrinter } from '../../../src/cli/output.js';
import { generateProgressPrinter, onTerminal } from '../../../src/cli/progress.js';

describe('progress on a terminal', () => {
  it('never interleaves periods: the next period waits until the one on screen is done', () => {
    let out = '';
    const print = progressPrinter((t) => (out += t));
    print({ kind: 'period-start', period: 2025, chunks: 2 });
    print({ kind: 'chunk-done', period: 2025, chunk: 0, done: 1, total: 2 });
    print({ kind: 'period-start', period: 2026, chunks: 2 });
    print({ kind: 'chunk-done', period: 2026, chunk: 1, done: 1, total: 2 });
    print({ kind: 'chunk-done', period: 2025, chunk: 1, done: 2, total: 2 });
    print({ kind: 'period-done', period: 2025, status: 'applied', seconds: 1.5 });
    print({ kind: 'period-done', period: 2026, status: 'applied', seconds: 0.5 });
    const lines = out.split('\n');
    expect(
      lines.map((l) =>
        l
          .split('\r')
          .filter((part) => part !== '')
          .at(-1),
      ),
    ).toEqual(['period 2025: applied in 1.500 s\x1b[K', 'period 2026: applied in 0.500 s\x1b[K', undefined]);
    expect(lines[0]).not.toContain('2026');
  });
});

describe("generate's progress", () => {
  const year = {
    year: 2026,
    rows: 110_234,
    hires: 1,
    terminations: 0,
    raises: 0,
    promotions: 0,
    transfers: 0,
    rehires: 0,
  };

  it('prints one whole line per simulated year: the year, how many of the years, rows and time so far', () => {
    let out = '';
    const print = generateProgressPrinter((t) => (out += t));
    print({ year, done: 2, total: 10, seconds: 1.234 });
    print({ year: { ...year, year: 2027, rows: 120_000 }, done: 3, total: 10, seconds: 2.5 });
    expect(out).toBe(
      'generated 2026, year 2 of 10: 110,234 rows, 1.2 s so far\n' +
        'generated 2027, year 3 of 10: 120,000 rows, 2.5 s so far\n',
    );
  });

  it('is given only when stderr is a terminal, and then writes on stderr', () => {
    const written: string[] = [];
    const io = (isTerminal: boolean) => ({ isTerminal, stderr: (t: string) => written.push(t) });
    expect(onTerminal(io(false), generateProgressPrinter)).toBeUndefined();
    const print = onTerminal(io(true), generateProgressPrinter);
    print?.({ year, done: 1, total: 1, seconds: 0 });
    expect(written).toEqual(['generated 2026, year 1 of 1: 110,234 rows, 0.0 s so far\n']);
  });
});
