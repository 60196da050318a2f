import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { type Logger, pino } from 'pino';
import { main } from '../../src/cli/main.js';
import { withDatabase } from '../../src/db/database.js';
import type { LakeSettings } from '../../src/db/lake.js';
import type { ReferenceVersion, SnapshotRow } from './reference-model.js';

export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'scd-test-'));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A database file, or a lake read as a reader would (read-only, the file attached for its source). */
export type Place = string | { readonly db: string; readonly lake: LakeSettings };

/** Opens `place`, runs `fn` on a connection, and closes both, whatever happens. */
export function withConnection<T>(place: Place, fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
  if (typeof place === 'string') return withDatabase(place, {}, fn);
  return withDatabase(place.db, { readOnly: true, lake: place.lake }, fn);
}

export async function query<T = Record<string, unknown>>(
  path: Place,
  sql: string,
  params?: DuckDBValue[],
): Promise<T[]> {
  return withConnection(path, async (c) => (await c.runAndReadAll(sql, params)).getRowObjectsJson() as T[]);
}

export async function execute(path: string, sql: string): Promise<void> {
  await withConnection(path, async (c) => {
    await c.run(sql);
  });
}

export const SNAPSHOT_DDL = `CREATE TABLE fct_workforce_snapshot (
  employee_id VARCHAR,
  simulation_year INTEGER,
  annual_salary DECIMAL(12, 2),
  job_level VARCHAR,
  department VARCHAR,
  employee_status VARCHAR,
  effective_date DATE,
  note VARCHAR
)`;

/** A database file holding fct_workforce_snapshot with `rows` (plus a pass-through column `note`). */
export async function writeSnapshot(path: string, rows: readonly SnapshotRow[]): Promise<void> {
  await withConnection(path, async (c) => {
    await c.run(SNAPSHOT_DDL);
    const appender = await c.createAppender('fct_workforce_snapshot');
    try {
      for (const r of rows) {
        appender.appendVarchar(r.employee_id);
        appender.appendInteger(r.simulation_year);
        if (r.annual_salary === null) appender.appendNull();
        else appender.appendVarchar(r.annual_salary);
        for (const v of [r.job_level, r.department, r.employee_status]) {
          if (v === null) appender.appendNull();
          else appender.appendVarchar(v);
        }
        appender.appendVarchar(r.effective_date);
        appender.appendVarchar(r.note);
        appender.endRow();
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  });
}

/** A history row as readHistory returns it: the same shape as the reference model's versions. */
export type HistoryRow = ReferenceVersion;

/** A history's own column settings, as the tests write them (dbt's by default). */
export interface TestLayout {
  readonly metaColumnNames?: Partial<
    Record<'dbt_scd_id' | 'dbt_valid_from' | 'dbt_valid_to' | 'dbt_is_deleted', string>
  >;
  readonly validToCurrent?: string;
}

/**
 * The history as comparable rows: everything but dbt_updated_at and record_hash, in a fixed
 * order, under dbt's names; dbt_is_deleted with `tombstones`. Validity reads as dates (TIMESTAMP
 * validity at midnight), an open end as NULL whatever `layout` marks it with.
 */
export async function readHistory(
  path: Place,
  table = 'scd_workforce_state',
  tombstones = false,
  layout: TestLayout = {},
): Promise<HistoryRow[]> {
  const name = (meta: 'dbt_scd_id' | 'dbt_valid_from' | 'dbt_valid_to' | 'dbt_is_deleted') =>
    `"${layout.metaColumnNames?.[meta] ?? meta}"`;
  const to =
    layout.validToCurrent === undefined
      ? name('dbt_valid_to')
      : `nullif(${name('dbt_valid_to')}, '${layout.validToCurrent}')`;
  return query<HistoryRow>(
    path,
    `SELECT employee_id, simulation_year, CAST(annual_salary AS VARCHAR) AS annual_salary, job_level, department,
            employee_status, CAST(effective_date AS VARCHAR) AS effective_date, ` +
      `note, replace(${name('dbt_scd_id')}, ' 00:00:00', '') AS dbt_scd_id,
            CAST(CAST(${name('dbt_valid_from')} AS DATE) AS VARCHAR) AS dbt_valid_from, ` +
      `CAST(CAST(${to} AS DATE) AS VARCHAR) AS dbt_valid_to, is_current_record
            ${tombstones ? `, ${name('dbt_is_deleted')} AS dbt_is_deleted` : ''}
     FROM "${table}" ORDER BY employee_id, ${name('dbt_valid_from')}`,
  );
}

/** fct_workforce_snapshot's rows, as the reference model takes them. */
export async function readSource(path: string): Promise<SnapshotRow[]> {
  return query<SnapshotRow>(
    path,
    `SELECT employee_id, simulation_year, CAST(annual_salary AS ` +
      `VARCHAR) AS annual_salary, job_level, department, employee_status,
            CAST(effective_date AS VARCHAR) AS effective_date, note FROM fct_workforce_snapshot ORDER BY ALL`,
  );
}

/** A pino logger writing JSON lines into `lines`, for tests that assert whole log objects. */
export function memoryLogger(level = 'info'): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      for (const line of String(chunk).split('\n')) {
        if (line.trim() === '') continue;
        const parsed = JSON.parse(line) as Record<string, unknown>;
        // JSON.parse keeps the last of two equal keys, so a line with one twice does not round-trip
        // (pino escapes as JSON.stringify does); kept as such, it fails a whole-object assertion.
        lines.push(JSON.stringify(parsed) === line ? parsed : { notRoundTripped: line });
      }
      callback();
    },
  });
  return { logger: pino({ level }, sink), lines };
}

/**
 * Every history column but dbt_updated_at, hashed and summed, with the applied period count:
 * equal fingerprints mean equal histories. A missing or empty history is 'empty'.
 */
export async function historyFingerprint(path: Place, table = 'scd_workforce_state'): Promise<string> {
  return withConnection(path, async (c) => {
    const columns = (
      await c.runAndReadAll(
        `SELECT column_name FROM duckdb_columns() WHERE table_name = '${table}' ORDER BY column_index`,
      )
    )
      .getRowObjectsJS()
      .map((r) => `"${String(r.column_name)}"`)
      .filter((name) => name !== '"dbt_updated_at"');
    if (columns.length === 0) return 'empty';
    const [row] = (
      await c.runAndReadAll(`SELECT count(*) AS n, sum(hash(${columns.join(', ')})) AS h FROM "${table}"`)
    ).getRowObjectsJson();
    return row?.n === '0' ? 'empty' : `${row?.n}:${row?.h}`;
  });
}

export async function appliedPeriodCount(path: string): Promise<number> {
  return withConnection(path, async (c) => {
    const exists =
      (await c.runAndReadAll(`SELECT 1 FROM duckdb_tables() WHERE table_name = 'scd_parallel_periods'`)).getRows()
        .length > 0;
    if (!exists) return 0;
    return Number((await c.runAndReadAll('SELECT count(*) FROM scd_parallel_periods')).getRows()[0]?.[0]);
  });
}

/** The CLI in this process, with its output captured; logs are dropped. */
export async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'scd-parallel', ...args], {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    isTerminal: false,
    logDestination: { write: () => undefined },
  });
  return { code, stdout, stderr };
}

/** A snapshot row of fct_workforce_snapshot as writeSnapshot writes it, with defaults for the rest. */
export function snapshotRow(id: string, year: number, salary = '1.00'): SnapshotRow {
  return {
    employee_id: id,
    simulation_year: year,
    annual_salary: salary,
    job_level: 'L1',
    department: 'HR',
    employee_status: 'active',
    effective_date: `${year}-12-31`,
    note: '',
  };
}

/** Two keys over 2025-2027 whose salaries change every year: every key has a version per period. */
export const THREE_YEARS: readonly SnapshotRow[] = [2025, 2026, 2027].flatMap((y) =>
  ['A', 'B'].map((id) => snapshotRow(id, y, `${y}.00`)),
);

/** `fn` on a database `sim.duckdb` holding `source` as fct_workforce_snapshot, in a temporary directory. */
export async function withSnapshotDb<T>(
  fn: (db: string, dir: string) => Promise<T>,
  source: readonly SnapshotRow[] = THREE_YEARS,
): Promise<T> {
  return withTempDir(async (dir) => {
    const db = join(dir, 'sim.duckdb');
    await writeSnapshot(db, source);
    return fn(db, dir);
  });
}
