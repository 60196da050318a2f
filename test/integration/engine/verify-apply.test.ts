import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPeriod } from '../../../src/engine/4-check/verify-period.js';
import { typedByHistory } from '../../../src/history/source-inspection.js';
import { generateWorkforce, runScd } from '../../../src/index.js';
import { DEFAULT_TABLE_CONFIG } from '../../../src/options/table-config.js';
import { HistorySpec } from '../../../src/sql/index.js';
import { execute, query, withConnection } from '../../support/helpers.js';

/**
 * The in-transaction check reads only what a period can have written (versions starting or
 * ending at or after its date, and the current ones), so that it does not grow with the history.
 * Each test plants, in a copy of a history applied through 2028, what a faulty apply of 2028 could
 * have left, and runs the check of 2028 on it.
 */
let dir: string;
let clean: string;
const spec = new HistorySpec(DEFAULT_TABLE_CONFIG);
const PERIOD = { effective_date: '2028-12-31', period: 2028 };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scd-verify-'));
  clean = join(dir, 'clean.duckdb');
  await generateWorkforce({
    db: clean,
    table: 'fct_workforce_snapshot',
    employees: 400,
    startYear: 2025,
    years: 4,
    seed: 11,
  });
  await runScd({ db: clean, selection: { kind: 'all' }, inline: true });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function verifyAfter(name: string, corruption?: string): Promise<Record<string, unknown>> {
  const db = join(dir, `${name}.duckdb`);
  copyFileSync(clean, db);
  if (corruption !== undefined) await execute(db, corruption);
  const rows = Number(
    (
      await query<{ n: bigint }>(
        db,
        `SELECT count(*) AS n FROM fct_workforce_snapshot WHERE simulation_year = ${PERIOD.period}`,
      )
    )[0]?.n,
  );
  const period = { period: PERIOD.period, effectiveDate: PERIOD.effective_date };
  const row = await withConnection(db, async (c) => verifyPeriod(c, await typedByHistory(c, spec), period, rows));
  const { duplicate_current, flag_mismatch, inverted, future_bounds, fingerprint_match } = row;
  return {
    duplicate_current: Number(duplicate_current),
    flag_mismatch: Number(flag_mismatch),
    inverted: Number(inverted),
    future_bounds: Number(future_bounds),
    fingerprint_match,
  };
}

const CLOSED_2028 =
  `employee_id = (SELECT min(employee_id) FROM scd_workforce_state WHERE dbt_valid_to = DATE ` + `'2028-12-31')`;
const OPENED_2028 =
  `employee_id = (SELECT min(employee_id) FROM scd_workforce_state WHERE ` +
  `dbt_valid_from = DATE '2028-12-31' AND is_current_record) AND is_current_record`;
// A version closed long before the period, which the period never touches.
const OLD =
  `employee_id = (SELECT min(employee_id) FROM scd_workforce_state WHERE ` +
  `dbt_valid_to = DATE '2026-12-31') AND dbt_valid_to = DATE '2026-12-31'`;

describe('the check after a period', () => {
  it('passes the period as applied', async () => {
    expect(await verifyAfter('clean')).toEqual({
      duplicate_current: 0,
      flag_mismatch: 0,
      inverted: 0,
      future_bounds: 0,
      fingerprint_match: true,
    });
  });

  it('finds a version the period closed whose flag still says current', async () => {
    const found = await verifyAfter(
      'flag',
      `UPDATE scd_workforce_state SET is_current_record = true ` +
        `WHERE ${CLOSED_2028} AND dbt_valid_to = DATE '2028-12-31'`,
    );
    expect(found).toMatchObject({ flag_mismatch: 1, duplicate_current: 1 });
  });

  it('finds a version the period opened that ends where it starts', async () => {
    const found = await verifyAfter(
      'inverted',
      `UPDATE scd_workforce_state SET dbt_valid_to = DATE '2028-12-31', is_current_record = false WHERE ${OPENED_2028}`,
    );
    expect(found).toMatchObject({ inverted: 1, flag_mismatch: 0 });
  });

  it('finds a version anywhere in the history that starts after the period', async () => {
    const found = await verifyAfter(
      'late-start',
      `UPDATE scd_workforce_state SET dbt_valid_from = DATE '2029-12-31' WHERE ${OLD}`,
    );
    expect(found).toMatchObject({ future_bounds: 1 });
  });

  it('finds a version anywhere in the history that ends after the period', async () => {
    const found = await verifyAfter(
      'late-end',
      `UPDATE scd_workforce_state SET dbt_valid_to = DATE '2030-12-31' WHERE ${OLD}`,
    );
    expect(found).toMatchObject({ future_bounds: 1 });
  });
});
