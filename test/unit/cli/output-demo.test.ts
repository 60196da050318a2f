import { describe, expect, it } from 'vitest';
import type { DemoReport } from '../../../src/api/demo.js';
import { formatDemoNext, shellWord } from '../../../src/cli/output-demo.js';

/** The fields formatDemoNext reads. */
const demo = (db: string, kept: boolean, periods: number[]) =>
  ({
    db,
    kept,
    exampleKey: { employee_id: 'E000000001' },
    run: { periods: periods.map((period) => ({ period })) },
  }) as unknown as DemoReport;
const sizes = { employees: 20000, years: 3 };

describe("the demo's next commands", () => {
  it('with --db: names the kept file, and commands on it with a real key and the first and last periods', () => {
    expect(formatDemoNext(demo('out/demo file.duckdb', true, [2025, 2026, 2027]), sizes)).toBe(
      '\nthe history is kept in out/demo file.duckdb; try next:\n' +
        "  scd-parallel show --db 'out/demo file.duckdb' --key E000000001\n" +
        "  scd-parallel diff --db 'out/demo file.duckdb' --from 2025 --to 2027\n" +
        "  scd-parallel report --db 'out/demo file.duckdb' --html report.html\n" +
        "  scd-parallel check --db 'out/demo file.duckdb'\n",
    );
  });

  it('without: says the database is gone, how to keep one with the same sizes, and commands on that file', () => {
    expect(formatDemoNext(demo('/tmp/scd-demo-x/sim.duckdb', false, [2025, 2026]), sizes)).toBe(
      '\nthe database was temporary and is removed now; to keep one, run\n' +
        '  scd-parallel demo --employees 20000 --years 3 --db demo.duckdb\n' +
        'then try:\n' +
        '  scd-parallel show --db demo.duckdb --key E000000001\n' +
        '  scd-parallel diff --db demo.duckdb --from 2025 --to 2026\n' +
        '  scd-parallel report --db demo.duckdb --html report.html\n' +
        '  scd-parallel check --db demo.duckdb\n',
    );
  });

  it('leaves diff out when there is one period to compare, and names a composite key by its columns', () => {
    const one = { ...demo('d.duckdb', true, [2025]), exampleKey: { scenario_id: 'A', employee_id: 'E1' } };
    const text = formatDemoNext(one, sizes);
    expect(text).not.toContain('diff');
    expect(text).toContain('show --db d.duckdb --key scenario_id=A,employee_id=E1\n');
  });

  it('quotes a word the shell would split or expand, and leaves safe ones bare', () => {
    expect(['demo.duckdb', '/tmp/a-b_c/x.duckdb', 'a b', "it's", '$HOME'].map(shellWord)).toEqual([
      'demo.duckdb',
      '/tmp/a-b_c/x.duckdb',
      "'a b'",
      "'it'\\''s'",
      "'$HOME'",
    ]);
  });
});
