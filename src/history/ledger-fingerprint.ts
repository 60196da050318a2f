import { createHash } from 'node:crypto';

/** What of a ledger row `check` and planning read: its period, date and source rows. */
export interface LedgerEntry {
  readonly period: number;
  readonly effectiveDate: string;
  readonly rowsRead: number;
}

/**
 * A digest of a history's ledger rows, recorded with each period (over the rows up to it) and
 * compared with the rows a run finds: an edited, deleted or duplicated row changes it. SHA-256 in
 * the coordinator rather than DuckDB's hash(), which may change with DuckDB's version: a ledger
 * is a few rows a period, and its digest must only change when its rows do. The run's metadata
 * (its id, times, counts) and the source fingerprint (which a DuckDB upgrade rewrites) are left out.
 */
export function ledgerFingerprint(entries: readonly LedgerEntry[]): string {
  const lines = entries.map((e) => `${e.period}|${e.effectiveDate}|${e.rowsRead}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}
