import type { DuckDBConnection } from '@duckdb/node-api';
import { relationOf } from '../db/catalog.js';
import { exec, withTransaction } from '../db/database.js';
import { rebuildTableTaken } from '../errors/index.js';
import { forgetMonitoring, moveMonitoring } from '../monitoring/record.js';
import { type Column, type HistorySpec, sql } from '../sql/index.js';
import { installAsOfMacro } from './as-of-macro.js';
import { rebuildMark, rebuildName } from './engine-tables.js';
import { forgetPeriods, ledgerExists, movePeriods } from './ledger.js';
import { markHistory, newToken, type Proof, stillProved } from './ownership.js';
import { recordSettings } from './settings.js';
import { createTable } from './target-table.js';

/**
 * A full refresh builds the history beside it, in `<target>__scd_rebuild`, period by period as any
 * history is built, then swaps it in: the history stays as it was until the swap commits. The
 * rebuild table is marked with a comment naming its history; it records no settings, so no command
 * takes it for a history of its own.
 */
export function rebuildOf(spec: HistorySpec): HistorySpec {
  return spec.in(rebuildName(spec.target));
}

const mark = (spec: HistorySpec) => rebuildMark(spec.target);

/**
 * Whether a rebuild table of `spec` is there: one a killed full refresh left. A user's table or view
 * of its name is never touched: refused (exit 2) when `refuse`, before anything is written, else
 * left alone (false).
 */
export async function rebuildLeftOver(
  connection: DuckDBConnection,
  spec: HistorySpec,
  refuse: boolean,
): Promise<boolean> {
  const rebuild = rebuildOf(spec).target;
  const found = await relationOf(connection, rebuild);
  if (found === undefined) return false;
  if (found.kind === 'table' && found.comment === mark(spec)) return true;
  if (refuse) throw rebuildTableTaken(rebuild.text, found.kind);
  return false;
}

/**
 * Drops the rebuild table and forgets its periods and monitoring rows, in a transaction of its own;
 * only one rebuildLeftOver found, or this run made.
 */
export async function discardRebuild(connection: DuckDBConnection, spec: HistorySpec): Promise<void> {
  const rebuild = rebuildOf(spec);
  await withTransaction(connection, async () => {
    await exec(connection, sql.tableDrop(rebuild.target));
    if (await ledgerExists(connection)) await forgetPeriods(connection, rebuild);
    await forgetMonitoring(connection, rebuild);
  });
}

/** Creates the empty rebuild table, marked as `spec`'s, in a transaction of its own. */
export async function createRebuild(
  connection: DuckDBConnection,
  spec: HistorySpec,
  source: readonly Column[],
): Promise<void> {
  const rebuild = rebuildOf(spec);
  await withTransaction(connection, async () => {
    await createTable(connection, rebuild, source);
    await exec(connection, sql.tableMark(rebuild.target, mark(spec)));
  });
}

/**
 * The swap, in one transaction: the history's table (still the one `planned` proved the engine's)
 * is dropped and the rebuild takes its name (DDL, no rows move), a new mark, its periods and this
 * run's monitoring rows; the settings are recorded anew (a refresh may change them) and the as-of
 * macro made again over the new table.
 */
export async function swapInRebuild(
  connection: DuckDBConnection,
  spec: HistorySpec,
  planned: Proof | undefined,
  run: { runId: string; createdAt: string },
): Promise<void> {
  const rebuild = rebuildOf(spec);
  const token = newToken();
  await withTransaction(connection, async () => {
    await stillProved(connection, spec, planned);
    await exec(connection, sql.tableDrop(spec.target));
    await exec(connection, sql.tableRename(rebuild.target, spec.target.table));
    await markHistory(connection, spec, token, null);
    await movePeriods(connection, rebuild, spec);
    await moveMonitoring(connection, rebuild, spec, run.runId);
    await installAsOfMacro(connection, spec);
    await recordSettings(connection, spec, run.createdAt, token);
  });
}
