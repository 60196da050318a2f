import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { withFlags } from '../../../src/cli/flags.js';
import { parseBytes, parseIntegerOrAuto, parseColumnList, parseInteger, parsePositiveNumber, parseYearRange, selectionFrom } from '../../../src/cli/parse.js';

describe('flag parsing', () => {
  it('reads sizes, integers, chunk counts, ranges and column lists', () => {
    expect([parseBytes('2GB'), parseBytes('512MiB'), parseBytes('1000')]).toEqual([2e9, 512 * 2 ** 20, 1000]);
    expect([parseInteger('42'), parseInteger('-3'), parseIntegerOrAuto('auto'), parseIntegerOrAuto('8')]).toEqual([42, -3, 'auto', 8]);
    expect(parsePositiveNumber('0.5')).toBe(0.5);
    expect(parseYearRange('2025-2030')).toEqual({ from: 2025, to: 2030 });
    expect(parseColumnList('scenario_id, employee_id')).toEqual(['scenario_id', 'employee_id']);
  });

  it.each([
    [() => parseBytes('lots'), 'not a memory size: lots (e.g. 2GB, 512MiB)'],
    [() => parseBytes('0GB'), 'memory size must be positive: 0GB'],
    [() => parseInteger('1.5'), 'not an integer: 1.5'],
    [() => parsePositiveNumber('-1'), 'not a positive number: -1'],
    [() => parseYearRange('2030-2025'), 'year range ends before it starts: 2030-2025'],
    [() => parseColumnList('a,,b'), 'empty column name in: a,,b'],
  ])('refuses bad values: %s', (fn, expected) => {
    expect(fn).toThrow(new InvalidArgumentError(expected));
  });

  it('maps --year, --years and --all to a selection; --full-refresh alone means all', () => {
    expect(selectionFrom({ year: 2025 }, false)).toEqual({ kind: 'range', from: 2025, to: 2025, exact: true });
    expect(selectionFrom({ years: { from: 2025, to: 2027 } }, false)).toEqual({ kind: 'range', from: 2025, to: 2027, exact: false });
    expect(selectionFrom({}, true)).toEqual({ kind: 'all' });
    expect(() => selectionFrom({}, false)).toThrow('choose the periods to apply: --year Y, --years A-B or --all');
    expect(() => selectionFrom({ all: true, year: 1 }, false)).toThrow('give only one of --year, --years and --all');
  });

  it("says an option's flag in place of its library name", () => {
    expect(withFlags('memoryLimitBytes must be positive, got 0', ['memoryLimitBytes'])).toBe('--memory-limit must be positive, got 0');
    expect(withFlags('give exactly one of db and parquetPath', ['db', 'parquetPath'])).toBe('give exactly one of --db and --parquet');
    expect(withFlags('workers must be an integer from 1 to 16, got 0', [])).toBe('workers must be an integer from 1 to 16, got 0');
  });
});
