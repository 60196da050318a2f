import { describe, expect, it } from 'vitest';
import { type DiffReport, diffPeriods, ExitCode } from '../../../src/index.js';
import { cli, execute, query } from '../../support/helpers.js';
import {
  type Fixture,
  fileDigest,
  withAdopted,
  withComposite,
  withPlanwise,
  withWorkforce,
} from '../../support/history-fixtures.js';
import { schemaValidator } from '../../support/schemas.js';

const validDiff = schemaValidator('diff-report.v1.schema.json');

const q = (name: string) => `"${name}"`;

/**
 * What diff must report, by plain SQL over the source snapshots of the two periods (which a
 * history kept with invalidate or new_record mirrors at each applied period).
 */
async function expectedDiff(
  f: Fixture,
  from: number,
  to: number,
  top: number,
): Promise<Omit<DiffReport, 'schemaVersion' | 'targetTable' | 'from' | 'to'>> {
  const key = f.keyColumns.map(q).join(', ');
  const display =
    f.keyColumns.length === 1
      ? `CAST(${q(f.keyColumns[0] as string)} AS VARCHAR)`
      : `'(' || concat_ws(', ', ${key}) || ')'`;
  const [a, b] = [f.snapshot(from), f.snapshot(to)];
  const keysOf = async (sql: string) =>
    (await query<{ k: string }>(f.db, `SELECT ${display} AS k FROM (${sql}) ORDER BY ${key}`)).map((r) => r.k);
  const differs = f.trackedColumns.map((c) => `a.${q(c)} IS DISTINCT FROM b.${q(c)}`).join(' OR ');
  const entered = await keysOf(`SELECT * FROM (${b}) WHERE (${key}) NOT IN (SELECT (${key}) FROM (${a}))`);
  const left = await keysOf(`SELECT * FROM (${a}) WHERE (${key}) NOT IN (SELECT (${key}) FROM (${b}))`);
  const changed = await keysOf(`SELECT a.* FROM (${a}) a JOIN (${b}) b USING (${key}) WHERE ${differs}`);
  const [{ n } = { n: '0' }] = await query<{ n: string }>(
    f.db,
    `SELECT count(*) AS n FROM (${a}) a JOIN (${b}) b USING (${key})`,
  );
  const columns = [];
  for (const c of f.trackedColumns) {
    const moves = await query<{ was: string | null; now: string | null; n: string }>(
      f.db,
      `SELECT CAST(a.${q(c)} AS VARCHAR) AS was, CAST(b.${q(c)} AS VARCHAR) AS now, count(*) AS n
       FROM (${a}) a JOIN (${b}) b USING (${key}) WHERE a.${q(c)} IS DISTINCT FROM b.${q(c)}
       GROUP BY ALL ORDER BY n DESC, was NULLS FIRST, now NULLS FIRST`,
    );
    const top5 = moves.slice(0, top).map((m) => ({ from: m.was, to: m.now, keys: Number(m.n) }));
    columns.push({
      column: c,
      keys: moves.reduce((sum, m) => sum + Number(m.n), 0),
      transitions: moves.length,
      top: top5,
    });
  }
  const sample = (keys: string[]) => ({ keys: keys.length, sample: keys.slice(0, 10) });
  return {
    entered: sample(entered),
    left: sample(left),
    changed: sample(changed),
    unchanged: Number(n) - changed.length,
    columns,
  };
}

/** diff --json for every pair of consecutive periods and the first and last, held to the schema and to plain SQL. */
async function expectDiffsAgree(f: Fixture, top = 5): Promise<void> {
  const pairs = [
    ...f.periods.slice(1).map((p, i) => [f.periods[i] as number, p]),
    [f.periods.at(-1) as number, f.periods[0] as number],
  ];
  for (const [from, to] of pairs as Array<[number, number]>) {
    const printed = await cli(
      'diff',
      '--db',
      f.db,
      '--from',
      String(from),
      '--to',
      String(to),
      '--top',
      String(top),
      '--json',
    );
    expect([printed.code, printed.stderr]).toEqual([0, '']);
    const report = JSON.parse(printed.stdout) as DiffReport;
    expect(validDiff(report) ? [] : validDiff.errors).toEqual([]);
    const { schemaVersion, targetTable, from: a, to: b, ...rest } = report;
    expect({ from, to, ...rest }).toEqual({ from, to, ...(await expectedDiff(f, from, to, top)) });
    expect([schemaVersion, a.period, b.period]).toEqual([1, from, to]);
    const [counts] = await query<{ a: string; b: string }>(
      f.db,
      `SELECT (SELECT count(*) FROM (${f.snapshot(from)})) AS a, (SELECT count(*) FROM (${f.snapshot(to)})) AS b`,
    );
    expect([a.keys, b.keys]).toEqual([Number(counts?.a), Number(counts?.b)]);
  }
}

describe('diff: the keys that entered, left and changed between two applied periods', () => {
  it.each(['invalidate', 'new_record'] as const)(
    'agrees with plain SQL on a generated workforce (%s), and reads no source',
    async (mode) => {
      await withWorkforce(mode, async (f) => {
        await expectDiffsAgree(f);
        const report = await diffPeriods({ db: f.db, from: 2026, to: 2028, top: 2 });
        // Something to find: keys enter, leave and change, and a transition shows more than once.
        expect([report.entered.keys > 0, report.left.keys > 0, report.changed.keys > 0]).toEqual([true, true, true]);
        expect(report.columns.find((c) => c.column === 'job_level')?.top.map((t) => t.keys > 1)).toEqual([true, true]);
        const before = fileDigest(f.db);
        await execute(f.db, 'ALTER TABLE fct_workforce_snapshot RENAME TO gone');
        const after = fileDigest(f.db);
        expect(await diffPeriods({ db: f.db, from: 2026, to: 2028, top: 2 })).toEqual(report);
        expect(fileDigest(f.db)).toBe(after);
        expect(after).not.toBe(before);
      });
    },
  );

  it('agrees with plain SQL on a planwise history (DOUBLE pay, INTEGER level, TIMESTAMP termination)', async () => {
    await withPlanwise(async (f) => {
      await expectDiffsAgree(f, 3);
    });
  });

  it('agrees with plain SQL on a composite key', async () => {
    await withComposite(async (f) => {
      await expectDiffsAgree(f);
      const report = await diffPeriods({ db: f.db, from: 2025, to: 2026 });
      expect(report.entered.sample[0]).toMatch(/^\(1, E\d+\)$/);
    });
  });

  it('agrees with plain SQL on an adopted dbt snapshot (renamed meta columns, TIMESTAMP, 9999-12-31)', async () => {
    await withAdopted(async (f) => {
      await expectDiffsAgree(f);
      const report = await diffPeriods({ db: f.db, table: { targetTable: 'snapshots.hist' }, from: 2025, to: 2027 });
      expect([report.from.effectiveDate, report.to.effectiveDate]).toEqual([
        '2026-01-05 09:00:00.000000',
        '2027-12-31',
      ]);
    });
  });

  it('prints aligned text, thousands separated; a period not applied or bad --top: exit 2, no writes', async () => {
    await withWorkforce('invalidate', async (f) => {
      const before = fileDigest(f.db);
      const text = await cli('diff', '--db', f.db, '--from', '2025', '--to', '2029');
      const report = await diffPeriods({ db: f.db, from: 2025, to: 2029 });
      const job = report.columns.find((c) => c.column === 'job_level');
      const lines = text.stdout.split('\n');
      expect([text.code, lines[0]]).toEqual([
        0,
        `scd_workforce_state: period 2025 (2025-12-31, ${report.from.keys} ` +
          `keys) → period 2029 (2029-12-31, ${report.to.keys} keys)`,
      ]);
      expect(lines[1]).toMatch(
        new RegExp(
          `^entered +${report.entered.keys.toLocaleString('en-US')}  e\\.g\\. ${report.entered.sample.join(', ')}$`,
        ),
      );
      const top = job?.top[0];
      expect(lines).toContain(
        `job_level: ${job?.keys.toLocaleString('en-US')} keys changed; the 5 most frequent of ${job?.transitions}`,
      );
      expect(lines.some((l) => new RegExp(`^  ${top?.from} → ${top?.to} +${top?.keys}$`).test(l))).toBe(true);
      expect(await cli('diff', '--db', f.db, '--from', '2024', '--to', '2026')).toEqual({
        code: ExitCode.badInput,
        stdout: '',
        stderr:
          'scd-parallel: period 2024 is not applied to scd_workforce_state (applied: 2025, 2026, 2027, 2028, 2029)\n',
      });
      expect(await cli('diff', '--db', f.db, '--from', '2025', '--to', '2026', '--top', '0')).toEqual({
        code: ExitCode.badInput,
        stdout: '',
        stderr: 'scd-parallel: --top must be an integer from 1 to 10000, got 0\n',
      });
      expect(fileDigest(f.db)).toBe(before);
    });
  });

  it('the schema refuses what breaks the contract', async () => {
    await withComposite(async (f) => {
      const report = JSON.parse(
        (await cli('diff', '--db', f.db, '--from', '2025', '--to', '2027', '--json')).stdout,
      ) as Record<string, unknown>;
      expect(validDiff(report)).toBe(true);
      expect(validDiff({ ...report, schemaVersion: 2 })).toBe(false);
      expect(validDiff({ ...report, extra: 1 })).toBe(false);
      expect(validDiff({ ...report, entered: { keys: '3', sample: [] } })).toBe(false);
    });
  });
});
