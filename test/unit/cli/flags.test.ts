import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { cliMessage, flagsOf } from '../../../src/cli/flags.js';
import {
  parseBytes,
  parseColumnList,
  parseInteger,
  parseIntegerOrAuto,
  parsePositiveNumber,
  parseYearRange,
  selectionFrom,
} from '../../../src/cli/parse.js';
import {
  exactlyOneOf,
  notPositive,
  outputExists,
  ScdError,
  sourceChanged,
  tableExists,
} from '../../../src/errors/index.js';
import { refused } from '../../support/refusal.js';

describe('flag parsing', () => {
  it('reads sizes, integers, chunk counts, ranges and column lists', () => {
    expect([parseBytes('2GB'), parseBytes('512MiB'), parseBytes('1000')]).toEqual([2e9, 512 * 2 ** 20, 1000]);
    expect([parseInteger('42'), parseInteger('-3'), parseIntegerOrAuto('auto'), parseIntegerOrAuto('8')]).toEqual([
      42,
      -3,
      'auto',
      8,
    ]);
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
    expect(selectionFrom({ years: { from: 2025, to: 2027 } }, false)).toEqual({
      kind: 'range',
      from: 2025,
      to: 2027,
      exact: false,
    });
    expect(selectionFrom({}, true)).toEqual({ kind: 'all' });
    expect(cliMessage(refused(() => selectionFrom({}, false)))).toBe(
      'choose the periods to apply: --year Y, --years A-B or --all',
    );
    expect(cliMessage(refused(() => selectionFrom({ all: true, year: 1 }, false)))).toBe(
      'give only one of --year, --years and --all',
    );
  });

  it("says an option's flag in place of its library name", () => {
    expect(cliMessage(notPositive('memoryLimitBytes', 0))).toBe('--memory-limit must be positive, got 0');
    expect(cliMessage(exactlyOneOf('db', 'parquetPath'))).toBe('give exactly one of --db and --parquet');
    expect(cliMessage(new ScdError('INVALID_OPTION', 'workers must be an integer from 1 to 16, got 0'))).toBe(
      'workers must be an integer from 1 to 16, got 0',
    );
  });

  it('says only the option marked in a message as its flag, never a value that spells an option', () => {
    // A history named `replace`: the regex that once rewrote message text said `applied to --replace`.
    const changed = sourceChanged('replace', 2026, 3);
    expect(changed.message).toBe(
      'source period 2026 has changed since it was applied to replace: ' +
        '3 keys differ from the history; apply it again with replace',
    );
    expect(cliMessage(changed)).toBe(
      'source period 2026 has changed since it was applied to replace: ' +
        '3 keys differ from the history; apply it again with --replace',
    );
    expect(cliMessage(tableExists('replace', 'sim.duckdb'))).toBe(
      'table replace already exists in sim.duckdb (use --replace)',
    );
    // A file named like an option, named before the option in the message.
    expect(cliMessage(outputExists('parquetPath', '/data/replace'))).toBe(
      '--parquet /data/replace exists; it is left untouched (use --replace, or name another file)',
    );
    expect([flagsOf(changed), flagsOf(outputExists('parquetPath', '/data/replace'))]).toEqual([
      ['--replace'],
      ['--parquet', '--replace'],
    ]);
  });
});
