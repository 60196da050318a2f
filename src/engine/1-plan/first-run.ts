import type { DuckDBConnection } from '@duckdb/node-api';
import { relationKind, relationOf } from '../../db/catalog.js';
import { exec, one, toNumber, withTransaction } from '../../db/database.js';
import { asOfMacro, asOfMacroInstalled } from '../../history/as-of-macro.js';
import { appliedPeriods } from '../../history/ledger.js';
import {
  BOOKKEEPING,
  type HistorySpec,
  MONITORING_COLUMNS,
  type MonitoringTable,
  monitoringTable,
  sql,
  type TableName,
} from '../../sql/index.js';
import type { RunSession } from '../session.js';

/**
 * What was there before a run that creates a history: its schema, its as-of macro, the ledger, the
 * settings table and the monitoring tables beside it. A first run that fails before committing a
 * period takes back what it made (takeBackFirstRun), as a refusal leaves nothing.
 */
export interface Footprint {
  readonly schema: boolean;
  readonly macro: boolean;
  readonly ledger: boolean;
  readonly settings: boolean;
  readonly monitoring: readonly MonitoringTable[];
}

const MONITORING = Object.keys(MONITORING_COLUMNS) as MonitoringTable[];

async function exists(connection: DuckDBConnection, name: TableName): Promise<boolean> {
  return (await relationKind(connection, name)) !== undefined;
}

async function isEmpty(connection: DuckDBConnection, name: TableName): Promise<boolean> {
  if (!(await exists(connection, name))) return false;
  return toNumber((await one<{ n: bigint }>(connection, sql.relationCount(name.sql))).n) === 0;
}

/** Read while planning a run of a history that has neither a table nor recorded settings. */
export async function footprintOf(connection: DuckDBConnection, spec: HistorySpec): Promise<Footprint> {
  const { catalog, schema } = spec.target;
  const monitoring: MonitoringTable[] = [];
  for (const table of MONITORING) {
    if (await exists(connection, monitoringTable(spec.target, table))) monitoring.push(table);
  }
  const schemaFound = async (name: string) =>
    (await one<{ found: boolean }>(connection, sql.schemaExists(), { catalog, schema: name })).found;
  return {
    schema: schema === null || (await schemaFound(schema)),
    macro: await asOfMacroInstalled(connection, spec),
    ledger: await exists(connection, BOOKKEEPING.periods),
    settings: await exists(connection, BOOKKEEPING.histories),
    monitoring,
  };
}

/**
 * After a failed first run, in one transaction: drops the history's table, its as-of macro and its
 * settings row, then whichever of the ledger, the settings and the monitoring tables the run made
 * and left empty, and the schema it made. Only when the ledger records no period of the history and
 * its table holds no row: what is committed decides, not what the run believes it committed.
 * Returns whether it took everything back.
 */
export async function takeBackFirstRun(
  connection: DuckDBConnection,
  spec: HistorySpec,
  before: Footprint,
): Promise<boolean> {
  return withTransaction(connection, async () => {
    if ((await appliedPeriods(connection, spec)).length > 0) return false;
    const table = await relationOf(connection, spec.target);
    if (table !== undefined) {
      if (table.kind !== 'table' || !(await isEmpty(connection, spec.target))) return false;
      await exec(connection, sql.tableDrop(spec.target));
    }
    if (!before.macro) await exec(connection, sql.macroDrop(asOfMacro(spec)));
    if (await exists(connection, BOOKKEEPING.histories)) {
      await exec(connection, sql.historiesForget(), { target: spec.target.canonical });
    }
    // A lake's bookkeeping and monitoring tables are shared with writers running now: they stay.
    const made = spec.inLake
      ? []
      : [
          ...(before.ledger ? [] : [BOOKKEEPING.periods]),
          ...(before.settings ? [] : [BOOKKEEPING.histories]),
          ...MONITORING.filter((t) => !before.monitoring.includes(t)).map((t) => monitoringTable(spec.target, t)),
        ];
    for (const name of made) if (await isEmpty(connection, name)) await exec(connection, sql.tableDrop(name));
    const schema = spec.target.schemaSql;
    if (!before.schema && schema !== null && !spec.inLake) await exec(connection, sql.schemaDrop(schema));
    return true;
  });
}

/**
 * Runs `work`; when it fails (however: refused, out of disk, interrupted, a worker) and `before` is
 * set (the run creates the history), takes back what the run made before the error goes on, and
 * with it a database file the run created. A take-back that fails (the database's own disk full)
 * leaves an empty history, which the next run takes over.
 */
export async function takingBackFirstRun<T>(
  session: RunSession,
  spec: HistorySpec,
  before: Footprint | undefined,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const takeBack = before === undefined ? undefined : takeBackFirstRun(session.connection, spec, before);
    if ((await takeBack?.catch(() => false)) === true) session.nothingKept = true;
    throw error;
  }
}
