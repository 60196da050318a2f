import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, withTempDir } from '../../support/helpers.js';

/** The commands the demo's last lines suggest, as argument lists (the words are bare: no quoting). */
function suggested(stdout: string): string[][] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('  scd-parallel '))
    .map((line) => line.trim().split(' ').slice(1));
}

const sizes = ['--employees', '200', '--years', '3'];

describe("the demo's next commands", () => {
  it('with --db: name the kept file, and the show, diff and check they suggest exit 0 on it', async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'demo.duckdb');
      const demo = await cli('demo', '--db', db, ...sizes, '--log-level', 'silent');
      expect(demo.code).toBe(0);
      expect(demo.stdout).toContain(`\nthe history is kept in ${db}; try next:\n`);
      const commands = suggested(demo.stdout);
      expect(commands.map((c) => c[0])).toEqual(['show', 'diff', 'report', 'check']);
      const [show, diff, , check] = commands as [string[], string[], string[], string[]];
      expect(show.slice(0, 4)).toEqual(['show', '--db', db, '--key']);
      expect(diff).toEqual(['diff', '--db', db, '--from', '2025', '--to', '2027']);
      const shown = await cli(...show);
      expect([shown.code, shown.stderr]).toEqual([0, '']);
      expect(shown.stdout).toContain(show[4]);
      for (const command of [diff, check]) expect((await cli(...command)).code).toBe(0);
    });
  });

  it('without --db: say the database is removed, and the demo they suggest keeps one their show reads', async () => {
    await withTempDir(async (dir) => {
      const demo = await cli('demo', ...sizes, '--log-level', 'silent');
      expect(demo.code).toBe(0);
      const temporary = /into (\S+)\n/.exec(demo.stdout)?.[1] as string;
      expect(existsSync(temporary)).toBe(false);
      expect(demo.stdout).toContain(
        '\nthe database was temporary and is removed now; to keep one, run\n' +
          '  scd-parallel demo --employees 200 --years 3 --db demo.duckdb\nthen try:\n',
      );
      // Their file, here in the test's directory: the same sizes give the same history, so the same key.
      const db = join(dir, 'demo.duckdb');
      const [again, show] = suggested(demo.stdout).map((c) => c.map((word) => (word === 'demo.duckdb' ? db : word)));
      expect((await cli(...(again as string[]), '--log-level', 'silent')).code).toBe(0);
      const shown = await cli(...(show as string[]));
      expect([shown.code, shown.stderr]).toEqual([0, '']);
    });
  });
});
