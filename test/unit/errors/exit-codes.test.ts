import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOG, ExitCode, exitCodesOf } from '../../../src/errors/index.js';
import { ROOT } from '../../support/paths.js';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const ERROR_CODES = readFileSync(join(ROOT, 'docs', 'error-codes.md'), 'utf8');

/**
 * The lines under the first heading (any level) whose text matches `title`, up to the next heading; null without one.
 */
function section(markdown: string, title: RegExp): string[] | null {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => /^#{1,6}\s/.test(line) && title.test(line));
  if (start < 0) return null;
  const end = lines.findIndex((line, i) => i > start && /^#{1,6}\s/.test(line));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** A table's rows as their cells, trimmed; the header and the |---| line are rows like the others. */
const rows = (lines: readonly string[]) =>
  lines
    .filter((line) => /^\s*\|.*\|\s*$/.test(line))
    .map((line) =>
      line
        .trim()
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim()),
    );

/** `2`, or several at once: `129, 130, 143`. */
const exitCodesIn = (cell: string) => (/^\d+(\s*,\s*\d+)*$/.test(cell) ? cell.split(',').map(Number) : []);
const sorted = (values: Iterable<number | string>) => [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

describe("the README's exit codes and docs/error-codes.md's error codes are the catalog's", () => {
  it('lists every exit code, and only those, in a table `| <exit code> | <text> |` under heading "Exit codes"', () => {
    const lines = section(README, /exit codes/i);
    expect(lines, 'README.md has a heading containing "Exit codes"').not.toBeNull();
    const listed = rows(lines ?? []).filter(
      ([first, text]) => exitCodesIn(first ?? '').length > 0 && (text ?? '') !== '',
    );
    expect(sorted(listed.flatMap(([first]) => exitCodesIn(first ?? '')))).toEqual(sorted(Object.values(ExitCode)));
  });

  it('docs/error-codes.md lists the codes as the catalog has them: `| `CODE` | <exit code> | <text> |` rows', () => {
    const lines = section(ERROR_CODES, /error codes/i);
    expect(lines, 'docs/error-codes.md has a heading containing "Error codes"').not.toBeNull();
    if (lines === null) return;
    const listed = rows(lines)
      .map(([code, ...rest]) => [(code ?? '').replace(/`/g, ''), ...rest] as const)
      .filter(([code]) => /^[A-Z][A-Z0-9_]*$/.test(code));
    expect(sorted(listed.map(([code]) => code))).toEqual(sorted(ERROR_CATALOG.map(([code]) => code)));
    for (const [code, exit] of listed) {
      const given = exitCodesIn(exit ?? '');
      if (given.length > 0)
        expect(sorted(given), code).toEqual(sorted(exitCodesOf(code as (typeof ERROR_CATALOG)[number][0])));
    }
  });
});
