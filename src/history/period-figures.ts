import type { DuckDBConnection } from '@duckdb/node-api';
import { all, toNumber } from '../db/database.js';
import { DEFAULTS } from '../defaults.js';
import type { HistoryFigures, Transition } from '../model/history-figures.js';
import { type HistorySpec, sql } from '../sql/index.js';
import type { AppliedPeriod } from './ledger.js';

type TransitionRow = {
  period: bigint;
  column_index: number;
  before_value: string | null;
  after_value: string | null;
  versions: bigint;
  changes: unknown;
};
type Changes = { period: number; changes: number; top: Transition[] };

/**
 * The history period by period, for the report's page: the ledger's counts of `periods` (as
 * appliedPeriods read them), the rows valid at the end of each, and each tracked column's most
 * frequent transitions. Read-only; two scans of the history (the transitions' sorts it by key).
 */
export async function readHistoryFigures(
  connection: DuckDBConnection,
  spec: HistorySpec,
  periods: readonly AppliedPeriod[],
): Promise<HistoryFigures> {
  const target = spec.target.canonical;
  type Counted = { period: bigint; current_rows: unknown };
  const counted = await all<Counted>(connection, sql.historyCurrentRows(spec), { target });
  const current = new Map(counted.map((r) => [toNumber(r.period), toNumber(r.current_rows)]));
  const { top, valueChars } = DEFAULTS.reportTransitions;
  const params = { target, top, value_chars: valueChars };
  const rows = await all<TransitionRow>(connection, sql.historyTransitions(spec), params);
  const columns = spec.config.trackedColumns.map((name) => ({ name, periods: [] as Changes[] }));
  // Rows come by period, then column: a column's periods in order, each of its transitions together.
  for (const r of rows) {
    const column = columns[r.column_index] as (typeof columns)[number];
    const period = toNumber(r.period);
    let entry = column.periods.at(-1);
    if (entry?.period !== period) {
      entry = { period, changes: toNumber(r.changes), top: [] };
      column.periods.push(entry);
    }
    entry.top.push({ before: r.before_value, after: r.after_value, versions: toNumber(r.versions) });
  }
  return {
    periods: periods.map((p) => ({
      period: p.period,
      effectiveDate: p.effectiveDate,
      newVersions: p.newVersions,
      changedVersions: p.changedVersions,
      removedVersions: p.removedVersions,
      currentRows: current.get(p.period) ?? 0,
    })),
    columns,
  };
}
