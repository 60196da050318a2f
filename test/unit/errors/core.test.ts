import { describe, expect, it } from 'vitest';
import { badOption, list, MESSAGE_LIMIT } from '../../../src/errors/core.js';
import { bounded, ExitCode, errorMessage, ScdError } from '../../../src/errors/index.js';

describe('messages', () => {
  it('are cut to their limit, saying how many characters were left out', () => {
    expect(bounded('short', 10)).toBe('short');
    expect(bounded('x'.repeat(10), 10)).toBe('x'.repeat(10));
    expect(bounded('x'.repeat(5000), 100)).toBe(`${'x'.repeat(75)}… (4,925 more characters)`);
    expect(new ScdError('INVALID_OPTION', 'y'.repeat(MESSAGE_LIMIT * 2)).message.length).toBeLessThanOrEqual(
      MESSAGE_LIMIT,
    );
  });

  it('list values, none, or as many as fit and a count of the rest', () => {
    expect(list([])).toBe('none');
    expect(list(['a', 2, 'c'])).toBe('a, 2, c');
    const many = list(Array.from({ length: 20_000 }, (_, i) => `column_${i}`));
    expect(many).toMatch(/^column_0, column_1, .*, … and 19,9\d\d more$/);
    expect(many.length).toBeLessThan(700);
  });

  it('name the option they are about, so that the CLI can say its flag', () => {
    const error = badOption('workers', 'must be an integer from 1 to 16, got 0');
    expect([error.message, error.exitCode, error.options]).toEqual([
      'workers must be an integer from 1 to 16, got 0',
      ExitCode.badInput,
      ['workers'],
    ]);
    expect([errorMessage(new Error('e')), errorMessage('s'), errorMessage(3)]).toEqual(['e', 's', '3']);
  });
});
