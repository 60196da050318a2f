import type { DuckDBConnection } from '@duckdb/node-api';
import { describeRelation, relationKind } from '../db/catalog.js';
import { exec, timestampText } from '../db/database.js';
import { foreignMonitoring } from '../errors/index.js';
import {
  type HistorySpec,
  MONITORING_COLUMNS,
  type MonitoringRow,
  type MonitoringTable,
  monitoringDefinitions,
  monitoringStructure,
  monitoringTable,
  sql,
  type TableName,
} from '../sql/index.js';

/** An integrity check's outcome, as mon_scd_integrity_checks records it. */
export interface CheckCount {
  readonly name: string;
  readonly violations: number;
}

/** The seed story's run categories: EXCELLENT under 60 s, GOOD under 120 s, POOR otherwise. */
export function runCategory(seconds: number): 'EXCELLENT' | 'GOOD' | 'POOR' {
  return seconds < 60 ? 'EXCELLENT' : seconds < 120 ? 'GOOD' : 'POOR';
}

/** A breach's severity: MEDIUM over the threshold, HIGH over twice it. */
export function breachSeverity(actualSeconds: number, thresholdSeconds: number): 'MEDIUM' | 'HIGH' {
  return actualSeconds > 2 * thresholdSeconds ? 'HIGH' : 'MEDIUM';
}

/**
 * Whether each monitoring table is absent or has exactly the engine's columns: a user's table of
 * the same name is never written (or read as if it were ours). Returns the first that is not ours.
 */
export async function foreignMonitoringTable(
  connection: DuckDBConnection,
  spec: HistorySpec,
): Promise<string | undefined> {
  for (const table of Object.keys(MONITORING_COLUMNS) as MonitoringTable[]) {
    const name = monitoringTable(spec.target, table);
    if ((await hasMonitoringColumns(connection, name, table)) === false) return name.name;
  }
  return undefined;
}

/** Whether `name` has exactly the columns of the monitoring table `table`; undefined when nothing has that name. */
export async function hasMonitoringColumns(
  connection: DuckDBConnection,
  name: TableName,
  table: MonitoringTable,
): Promise<boolean | undefined> {
  const columns = await describeRelation(connection, name);
  const expected = Object.entries(MONITORING_COLUMNS[table].columns).map(([c, t]) => `${c} ${t}`);
  return columns === undefined ? undefined : columns.map((c) => `${c.name} ${c.type}`).join(',') === expected.join(',');
}

/** Refused before anything is written: a table named like a monitoring table that is not ours. */
export async function checkMonitoringTables(connection: DuckDBConnection, spec: HistorySpec): Promise<void> {
  const foreign = await foreignMonitoringTable(connection, spec);
  if (foreign !== undefined) throw foreignMonitoring(foreign);
}

export async function createMonitoring(connection: DuckDBConnection, spec: HistorySpec): Promise<void> {
  for (const table of Object.keys(MONITORING_COLUMNS) as MonitoringTable[]) {
    await exec(connection, sql.monCreate(monitoringTable(spec.target, table), monitoringDefinitions(table)));
  }
}

/**
 * This run's monitoring rows of `from` become `to`'s, in the caller's transaction: a full refresh's,
 * written under its rebuild table's name, once the rebuild is swapped in.
 */
export async function moveMonitoring(
  connection: DuckDBConnection,
  from: HistorySpec,
  to: HistorySpec,
  runId: string,
): Promise<void> {
  // The rebuild's first period made the tables: they are the schema's, whichever history writes them.
  for (const table of Object.keys(MONITORING_COLUMNS) as MonitoringTable[]) {
    await exec(connection, sql.monMove(monitoringTable(to.target, table)), {
      from: from.target.canonical,
      to: to.target.canonical,
      run_id: runId,
    });
  }
}

/** Deletes `spec`'s monitoring rows, from the tables that exist: a discarded rebuild's, in the caller's transaction. */
export async function forgetMonitoring(connection: DuckDBConnection, spec: HistorySpec): Promise<void> {
  for (const table of Object.keys(MONITORING_COLUMNS) as MonitoringTable[]) {
    const name = monitoringTable(spec.target, table);
    if ((await relationKind(connection, name)) !== undefined)
      await exec(connection, sql.monForget(name), { target: spec.target.canonical });
  }
}

/** A period's integrity checks, one mon_scd_integrity_checks row each, in the caller's transaction. */
export async function writeChecks(
  connection: DuckDBConnection,
  spec: HistorySpec,
  runId: string,
  period: number,
  checks: readonly CheckCount[],
): Promise<void> {
  const recorded_at = timestampText(Date.now());
  const rows = checks.map((c) => ({
    target_table: spec.target.canonical,
    run_id: runId,
    period,
    check_name: c.name,
    passed: c.violations === 0,
    violations: c.violations,
    recorded_at,
  }));
  await writeMonitoring(connection, spec, 'integrity', rows);
}

/** Appends rows to one monitoring table, in the caller's transaction. */
export async function writeMonitoring<T extends MonitoringTable>(
  connection: DuckDBConnection,
  spec: HistorySpec,
  table: T,
  rows: ReadonlyArray<MonitoringRow<T>>,
): Promise<void> {
  if (rows.length === 0) return;
  await exec(connection, sql.monInsert(monitoringTable(spec.target, table), monitoringStructure(table)), {
    rows: JSON.stringify(rows),
  });
}
