import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkHistory, ExitCode, generateWorkforce, runScd, ScdError } from '../../../src/index.js';
import { execute, historyFingerprint, query } from '../../support/helpers.js';

/** A clean generated history; each test plants one violation in a copy and expects check to name it. */
let dir: string;
let clean: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scd-check-'));
  clean = join(dir, 'clean.duckdb');
  await generateWorkforce({
    db: clean,
    table: 'fct_workforce_snapshot',
    employees: 500,
    startYear: 2025,
    years: 4,
    seed: 7,
  });
  await runScd({ db: clean, selection: { kind: 'all' }, chunks: 3, workers: 2 });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function violationsAfter(name: string, sql: string): Promise<Record<string, number>> {
  const db = join(dir, `${name}.duckdb`);
  copyFileSync(clean, db);
  await execute(db, sql);
  const report = await checkHistory({ db });
  expect(report.ok).toBe(false);
  return Object.fromEntries(report.checks.filter((c) => c.violations > 0).map((c) => [c.name, c.violations]));
}

// Some employee with a closed version and a later one, and some current version.
const CLOSED =
  `(SELECT employee_id, dbt_valid_from FROM scd_workforce_state WHERE ` +
  `NOT is_current_record ORDER BY employee_id, dbt_valid_from LIMIT 1)`;
const CURRENT = `(SELECT employee_id FROM scd_workforce_state WHERE is_current_record ORDER BY employee_id LIMIT 1)`;

describe('check', () => {
  it('passes a clean history and reconciles every applied period', async () => {
    const report = await checkHistory({ db: clean });
    expect(report.ok).toBe(true);
    expect(report.periodsChecked).toBe(4);
    expect(report.checks.map((c) => [c.name, c.violations])).toEqual([
      ['null_keys', 0],
      ['multiple_current', 0],
      ['current_flag', 0],
      ['inverted_intervals', 0],
      ['overlapping_intervals', 0],
      ['reconcile_rows', 0],
      ['reconcile_counts', 0],
      ['unapplied_validity', 0],
      ['unapplied_bounds', 0],
    ]);
  });

  it('catches a NULL key', async () => {
    const found = await violationsAfter(
      'null-key',
      `UPDATE scd_workforce_state SET employee_id = NULL WHERE employee_id IN ${CURRENT} AND is_current_record`,
    );
    expect(found.null_keys).toBe(1);
  });

  it('catches two current versions of one key', async () => {
    const found = await violationsAfter(
      'two-current',
      `UPDATE scd_workforce_state SET is_current_record = true, dbt_valid_to = NULL
       WHERE (employee_id, dbt_valid_from) IN ${CLOSED}`,
    );
    expect(found.multiple_current).toBe(1);
    expect(found.overlapping_intervals).toBe(1);
  });

  it('catches a current flag that disagrees with dbt_valid_to', async () => {
    const found = await violationsAfter(
      'flag',
      `UPDATE scd_workforce_state SET is_current_record = false WHERE employee_id IN ${CURRENT}`,
    );
    expect(found).toMatchObject({ current_flag: 1 });
  });

  it('catches an inverted interval', async () => {
    const found = await violationsAfter(
      'inverted',
      `UPDATE scd_workforce_state SET dbt_valid_to = dbt_valid_from ` +
        `- 1 WHERE (employee_id, dbt_valid_from) IN ${CLOSED}`,
    );
    expect(found.inverted_intervals).toBe(1);
  });

  it('catches overlapping versions', async () => {
    const found = await violationsAfter(
      'overlap',
      `UPDATE scd_workforce_state SET dbt_valid_to = dbt_valid_to ` +
        `+ 400 WHERE (employee_id, dbt_valid_from) IN ${CLOSED}`,
    );
    expect(found.overlapping_intervals).toBe(1);
  });

  it('catches a tracked value that differs from the snapshot', async () => {
    const found = await violationsAfter(
      'value',
      `UPDATE scd_workforce_state SET department = 'Nowhere' WHERE employee_id IN ${CURRENT} AND is_current_record`,
    );
    expect(found).toEqual({ reconcile_rows: 1 });
  });

  it('catches a version for a key absent from the snapshot', async () => {
    const found = await violationsAfter(
      'extra',
      `INSERT INTO scd_workforce_state BY NAME SELECT * EXCLUDE (record_hash, dbt_scd_id) REPLACE ('GHOST' ` +
        `AS employee_id) FROM scd_workforce_state WHERE employee_id IN ${CURRENT} AND is_current_record`,
    );
    expect(found).toEqual({ reconcile_counts: 1 });
  });

  it('catches a missing version', async () => {
    const found = await violationsAfter(
      'missing',
      `DELETE FROM scd_workforce_state WHERE employee_id IN ${CURRENT} AND is_current_record`,
    );
    expect(found).toMatchObject({ reconcile_rows: 1, reconcile_counts: 1 });
  });

  it('catches a version bound that is no applied period date', async () => {
    // a gap between two versions that no period date falls in: the reconcile checks cannot see it
    const [v] = await query<{ k: string; f: string; t: string }>(
      clean,
      `SELECT employee_id AS k, CAST(dbt_valid_from AS VARCHAR) AS f, CAST(dbt_valid_to - 30 AS ` +
        `VARCHAR) AS t FROM scd_workforce_state WHERE (employee_id, dbt_valid_from) IN ${CLOSED}`,
    );
    const found = await violationsAfter(
      'bound',
      `UPDATE scd_workforce_state SET dbt_valid_to = dbt_valid_to ` +
        `- 30 WHERE (employee_id, dbt_valid_from) IN ${CLOSED}`,
    );
    expect(found).toEqual({ unapplied_bounds: 1 });
    const report = await checkHistory({ db: join(dir, 'bound.duckdb') });
    expect(report.checks.find((c) => c.name === 'unapplied_bounds')?.sample).toEqual([`${v?.k} @ [${v?.f}, ${v?.t})`]);
  });

  it('catches a version valid at no applied period date', async () => {
    // the closed version's last 30 days split off as a version of their own, between two periods
    const found = await violationsAfter(
      'unapplied',
      `INSERT INTO scd_workforce_state BY NAME SELECT * EXCLUDE (record_hash, dbt_scd_id) REPLACE (dbt_valid_to ` +
        `- 30 AS dbt_valid_from) FROM scd_workforce_state WHERE (employee_id, dbt_valid_from) IN ${CLOSED};
       UPDATE scd_workforce_state SET dbt_valid_to = dbt_valid_to ` +
        `- 30 WHERE (employee_id, dbt_valid_from) IN ${CLOSED}`,
    );
    expect(found).toEqual({ unapplied_validity: 1, unapplied_bounds: 2 });
  });

  it('names offending keys in a sample', async () => {
    const db = join(dir, 'sample.duckdb');
    copyFileSync(clean, db);
    await execute(db, `UPDATE scd_workforce_state SET is_current_record = false WHERE employee_id IN ${CURRENT}`);
    const report = await checkHistory({ db });
    const flag = report.checks.find((c) => c.name === 'current_flag');
    expect(flag?.sample).toEqual(['E000000001']);
  });
});

describe('the check inside a run', () => {
  it('fails the period, rolls it back and exits 1 with what failed', async () => {
    const db = join(dir, 'rollback.duckdb');
    await generateWorkforce({
      db,
      table: 'fct_workforce_snapshot',
      employees: 300,
      startYear: 2025,
      years: 2,
      seed: 9,
    });
    await runScd({ db, selection: { kind: 'range', from: 2025, to: 2025, exact: true } });
    // A current version whose flag says otherwise. The check after each period reads only what the
    // period wrote; the history as found differs from its fingerprint, and check names why.
    await execute(db, `UPDATE scd_workforce_state SET is_current_record = false WHERE employee_id = 'E000000001'`);
    const before = await historyFingerprint(db);
    const error = (await runScd({ db, selection: { kind: 'all' }, chunks: 3, workers: 2 }).catch(
      (e: unknown) => e,
    )) as ScdError;
    expect(error).toBeInstanceOf(ScdError);
    expect(error.exitCode).toBe(ExitCode.checkFailed);
    expect(error.message).toBe(
      'scd_workforce_state is not as the engine left it when it applied period 2025, and check fails: ' +
        'current_flag 1 (E000000001); nothing was written; undo the ' +
        'change, or rebuild it from the source with fullRefresh',
    );
    expect(await historyFingerprint(db)).toBe(before);
    expect(await query(db, 'SELECT period FROM scd_parallel_periods')).toEqual([{ period: '2025' }]);
  });
});
