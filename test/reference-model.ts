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
}

const tracked = (r: SnapshotRow) => JSON.stringify([r.annual_salary, r.job_level, r.department, r.employee_status]);

export function referenceHistory(rows: readonly SnapshotRow[], upToPeriod = Infinity): ReferenceVersion[] {
  const periods = [...new Set(rows.map((r) => r.simulation_year))].filter((p) => p <= upToPeriod).sort((a, b) => a - b);
  const current = new Map<string, ReferenceVersion>();
  const history: ReferenceVersion[] = [];
  for (const period of periods) {
    const snapshot = rows.filter((r) => r.simulation_year === period);
    const date = snapshot.map((r) => r.effective_date).sort().at(-1) as string;
    const seen = new Set<string>();
    for (const row of snapshot) {
      seen.add(row.employee_id);
      const existing = current.get(row.employee_id);
      if (existing !== undefined && tracked(existing) === tracked(row)) continue;
      if (existing !== undefined) {
        existing.dbt_valid_to = date;
        existing.is_current_record = false;
      }
      const version: ReferenceVersion = {
        ...row,
        dbt_scd_id: `${row.employee_id}|${date}`,
        dbt_valid_from: date,
        dbt_valid_to: null,
        is_current_record: true,
      };
      history.push(version);
      current.set(row.employee_id, version);
    }
    for (const [key, version] of current) {
      if (seen.has(key)) continue;
      version.dbt_valid_to = date;
      version.is_current_record = false;
      current.delete(key);
    }
  }
  return history.sort((a, b) =>
    a.employee_id === b.employee_id ? a.dbt_valid_from.localeCompare(b.dbt_valid_from) : a.employee_id < b.employee_id ? -1 : 1,
  );
}
