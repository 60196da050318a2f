import { describe, expect, it } from 'vitest';
import { progressPrinter } from '../../../src/cli/output.js';

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
