import type { DuckDBConnection } from '@duckdb/node-api';
import { relationOf } from '../db/catalog.js';
import { engineTableAsSource, engineTableAsTarget, rebuildNameTaken } from '../errors/index.js';
import { hasMonitoringColumns } from '../monitoring/record.js';
import { BOOKKEEPING, MONITORING_COLUMNS, type MonitoringTable, type TableName } from '../sql/index.js';

/*
 * The engine's own tables: its bookkeeping (the ledger and the recorded settings, by name, in the
 * database's default schema), the monitoring tables beside each history, and the rebuild table a
 * full refresh builds beside its history. The engine writes all of them, so none is a history and
 * none may be a source: a run would write into what it reads.
 */

const REBUILD_SUFFIX = '__scd_rebuild';
const LEDGER = "scd-parallel's ledger of applied periods";
const SETTINGS = "scd-parallel's record of history settings";
const MONITORING = "one of scd-parallel's monitoring tables";
const rebuildRole = (history: TableName) =>
  `the rebuild table of ${history.text}'s full refresh, which scd-parallel manages`;

/** Where a full refresh of the history `target` builds it: `<target>__scd_rebuild`, beside it. */
export const rebuildName = (target: TableName): TableName => target.sibling(`${target.table}${REBUILD_SUFFIX}`);

/** The comment that marks a rebuild table as the engine's, naming its history. */
export const rebuildMark = (target: TableName): string => `scd-parallel rebuild of ${target.canonical}`;

/** The history whose rebuild table `name` would be; undefined for a name without the suffix. */
function rebuiltHistory(name: TableName): TableName | undefined {
  const table = name.table;
  if (table.length <= REBUILD_SUFFIX.length || !table.toLowerCase().endsWith(REBUILD_SUFFIX)) return undefined;
  return name.sibling(table.slice(0, -REBUILD_SUFFIX.length));
}

function bookkeepingRole(name: TableName): string | undefined {
  if (name.sameAs(BOOKKEEPING.periods)) return LEDGER;
  return name.sameAs(BOOKKEEPING.histories) ? SETTINGS : undefined;
}

const monitoringNamed = (name: TableName): MonitoringTable | undefined =>
  (Object.keys(MONITORING_COLUMNS) as MonitoringTable[]).find(
    (t) => MONITORING_COLUMNS[t].table === name.table.toLowerCase(),
  );

/** The history `name` is the rebuild table of, when it is one the engine made (it carries the mark). */
async function markedRebuildOf(connection: DuckDBConnection, name: TableName): Promise<TableName | undefined> {
  const history = rebuiltHistory(name);
  if (history === undefined) return undefined;
  const found = await relationOf(connection, name);
  return found?.kind === 'table' && found.comment === rebuildMark(history) ? history : undefined;
}

/**
 * A target that is one of the engine's tables, or takes a name the engine keeps for one, is refused
 * before anything is written, saying which. A monitoring table's name is refused whoever made the
 * table: the history's own monitoring tables would take it. A rebuild table's name is kept for the
 * rebuild even when no table has it yet: a history of that name would block its namesake's refresh.
 */
export async function refuseEngineTarget(connection: DuckDBConnection, target: TableName): Promise<void> {
  const role = bookkeepingRole(target) ?? (monitoringNamed(target) === undefined ? undefined : MONITORING);
  if (role !== undefined) throw engineTableAsTarget(target.text, role);
  const history = rebuiltHistory(target);
  if (history === undefined) return;
  if ((await markedRebuildOf(connection, target)) !== undefined) {
    throw engineTableAsTarget(target.text, rebuildRole(history), history.text);
  }
  throw rebuildNameTaken(target.text, history.text);
}

/**
 * A source that is one of the engine's tables is refused before anything is written: the ledger and
 * the settings by name; a monitoring table when it has the engine's columns, and a rebuild table when
 * it carries the engine's mark (a user's table of such a name is the user's to read).
 */
export async function refuseEngineSource(connection: DuckDBConnection, source: TableName): Promise<void> {
  const monitoring = monitoringNamed(source);
  const ours = monitoring !== undefined && (await hasMonitoringColumns(connection, source, monitoring)) === true;
  const rebuilt = await markedRebuildOf(connection, source);
  const role = bookkeepingRole(source) ?? (ours ? MONITORING : undefined) ?? (rebuilt && rebuildRole(rebuilt));
  if (role !== undefined) throw engineTableAsSource(source.text, role);
}
