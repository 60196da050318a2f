/**
 * A deliberately simple SCD2 in plain TypeScript: the engine's results are compared with it row
 * for row. It walks periods in order and keeps a map of current versions, nothing clever.
 */
export interface SnapshotRow {
  employee_id: string;
  simulation_year: number;
  /** Decimal text with two places, as DuckDB prints DECIMAL(12,2), or null. */
  annual_salary: string | null;
  job_level: string | null;
  department: string | null;
  employee_status: string | null;
  effective_date: string;
  note: string;
}

export interface ReferenceVersion extends SnapshotRow {
  dbt_scd_id: string;
  dbt_valid_from: string;
  dbt_valid_to: string | null;
  is_current_record: boolean;
  /** Only with hard deletes as new_record. */
  dbt_is_deleted?: boolean;
}

export type HardDeletes = 'invalidate' | 'new_record' | 'ignore';

export interface ReferenceOptions {
  readonly upToPeriod?: number;
  readonly hardDeletes?: HardDeletes;
  /** Periods applied without rows, with their dates. */
  readonly emptyPeriods?: ReadonlyArray<{ period: number; date: string }>;
}

const tracked = (r: SnapshotRow) => JSON.stringify([r.annual_salary, r.job_level, r.department, r.employee_status]);

/**
 * dbt's hard-delete modes: invalidate closes a removed key's version, new_record also opens a tombstone, ignore keeps
 * it current.
 */
export function referenceHistory(rows: readonly SnapshotRow[], options: ReferenceOptions = {}): ReferenceVersion[] {
  const { upToPeriod = Infinity, hardDeletes = 'invalidate', emptyPeriods = [] } = options;
  const dated = new Map<number, string>();
  for (const r of rows)
    if ((dated.get(r.simulation_year) ?? '') < r.effective_date) dated.set(r.simulation_year, r.effective_date);
  for (const e of emptyPeriods) if (!dated.has(e.period)) dated.set(e.period, e.date);
  const periods = [...dated.keys()].filter((p) => p <= upToPeriod).sort((a, b) => a - b);
  const current = new Map<string, ReferenceVersion>();
  const history: ReferenceVersion[] = [];
  const flag = hardDeletes === 'new_record' ? { dbt_is_deleted: false } : {};
  const close = (version: ReferenceVersion, date: string) => {
    version.dbt_valid_to = date;
    version.is_current_record = false;
  };
  for (const period of periods) {
    const snapshot = rows.filter((r) => r.simulation_year === period);
    const date = dated.get(period) as string;
    const seen = new Set<string>();
    for (const row of snapshot) {
      seen.add(row.employee_id);
      const existing = current.get(row.employee_id);
      if (existing !== undefined && !existing.dbt_is_deleted && tracked(existing) === tracked(row)) continue;
      if (existing !== undefined) close(existing, date);
      const version: ReferenceVersion = {
        ...row,
        dbt_scd_id: `${row.employee_id}|${date}`,
        dbt_valid_from: date,
        dbt_valid_to: null,
        is_current_record: true,
        ...flag,
      };
      history.push(version);
      current.set(row.employee_id, version);
    }
    for (const [key, version] of current) {
      if (seen.has(key) || hardDeletes === 'ignore' || version.dbt_is_deleted) continue;
      close(version, date);
      current.delete(key);
      if (hardDeletes !== 'new_record') continue;
      const tombstone: ReferenceVersion = {
        ...version,
        dbt_scd_id: `${key}|${date}`,
        dbt_valid_from: date,
        dbt_valid_to: null,
        is_current_record: true,
        dbt_is_deleted: true,
      };
      history.push(tombstone);
      current.set(key, tombstone);
    }
  }
  return history.sort((a, b) =>
    a.employee_id === b.employee_id
      ? a.dbt_valid_from.localeCompare(b.dbt_valid_from)
      : a.employee_id < b.employee_id
        ? -1
        : 1,
  );
}
