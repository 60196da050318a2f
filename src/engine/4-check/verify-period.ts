import type { DuckDBConnection } from '@duckdb/node-api';
import { one } from '../../db/database.js';
import { type HistorySpec, sql } from '../../sql/index.js';
import { currentMatches, type VerifyRow } from './integrity.js';

/**
 * The check after a period's apply (verify/apply.sql); keys with two current versions are counted
 * only when the count or fingerprint already failed, to name the failure. `closed`: sum the versions
 * the period closed into the history's fingerprint too, which a run that verifies what it touches
 * does not keep (the one read verify_apply adds to the period's).
 */
export async function verifyPeriod(
  connection: DuckDBConnection,
  spec: HistorySpec,
  input: { period: number; effectiveDate: string },
  rowsRead: number,
  closed = true,
): Promise<VerifyRow> {
  const { period } = input;
  const verify = await one<VerifyRow>(connection, sql.verifyApply(spec, closed), {
    effective_date: input.effectiveDate,
    period,
  });
  if (verify.duplicate_current !== null) return verify;
  if (currentMatches(verify, rowsRead)) return { ...verify, duplicate_current: 0n };
  const { duplicate_current } = await one<Pick<VerifyRow, 'duplicate_current'>>(connection, sql.verifyDuplicates(spec));
  return { ...verify, duplicate_current };
}
