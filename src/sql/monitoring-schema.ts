import { quotedIdentifier, quotedString } from '@duckdb/node-api';
import { TableName } from './table-name.js';
import { type Fragment, fragment } from './template.js';

/**
 * The monitoring tables, with the names the seed story uses. They live beside the history (its
 * schema) and every row names the history it belongs to, so several histories may share them.
 */
export const MONITORING_COLUMNS = {
  phases: {
    table: 'mon_scd_phase_metrics',
    columns: {
      target_table: 'VARCHAR',
      run_id: 'VARCHAR',
      period: 'BIGINT',
      phase: 'VARCHAR',
      seconds: 'DOUBLE',
      records: 'BIGINT',
      records_per_second: 'DOUBLE',
      recorded_at: 'TIMESTAMP',
    },
  },
  chunks: {
    table: 'mon_chunk_latency',
    columns: {
      target_table: 'VARCHAR',
      run_id: 'VARCHAR',
      period: 'BIGINT',
      chunk: 'INTEGER',
      worker: 'INTEGER',
      started_at: 'TIMESTAMP',
      finished_at: 'TIMESTAMP',
      latency_micros: 'BIGINT',
      rows: 'BIGINT',
    },
  },
  runs: {
    table: 'mon_performance_metrics',
    columns: {
      target_table: 'VARCHAR',
      run_id: 'VARCHAR',
      started_at: 'TIMESTAMP',
      finished_at: 'TIMESTAMP',
      mode: 'VARCHAR',
      periods: 'BIGINT',
      total_seconds: 'DOUBLE',
      records: 'BIGINT',
      records_per_second: 'DOUBLE',
      sla_seconds: 'DOUBLE',
      category: 'VARCHAR',
    },
  },
  breaches: {
    table: 'mon_sla_breaches',
    columns: {
      target_table: 'VARCHAR',
      run_id: 'VARCHAR',
      component: 'VARCHAR',
      actual_seconds: 'DOUBLE',
      threshold_seconds: 'DOUBLE',
      severity: 'VARCHAR',
      recorded_at: 'TIMESTAMP',
    },
  },
  integrity: {
    table: 'mon_scd_integrity_checks',
    columns: {
      target_table: 'VARCHAR',
      run_id: 'VARCHAR',
      period: 'BIGINT',
      check_name: 'VARCHAR',
      passed: 'BOOLEAN',
      violations: 'BIGINT',
      recorded_at: 'TIMESTAMP',
    },
  },
} as const;

export type MonitoringTable = keyof typeof MONITORING_COLUMNS;
/** A row of a monitoring table, as plain JSON values (timestamps as 'YYYY-MM-DD HH:MM:SS.fff'). */
export type MonitoringRow<T extends MonitoringTable> = {
  [C in keyof (typeof MONITORING_COLUMNS)[T]['columns']]: string | number | boolean | null;
};

/** A monitoring table of the history `target`: same catalog and schema. */
export function monitoringTable(target: TableName, table: MonitoringTable): TableName {
  return TableName.parse(
    [...target.parts.slice(0, -1), MONITORING_COLUMNS[table].table].map(quotedIdentifier).join('.'),
  );
}

/** `"col" TYPE, ...` for CREATE TABLE. */
export function monitoringDefinitions(table: MonitoringTable): Fragment {
  return fragment(
    Object.entries(MONITORING_COLUMNS[table].columns)
      .map(([c, t]) => `${quotedIdentifier(c)} ${t}`)
      .join(', '),
  );
}

/** The JSON structure from_json reads the bound rows with: every column, typed. */
export function monitoringStructure(table: MonitoringTable): Fragment {
  return fragment(quotedString(JSON.stringify([MONITORING_COLUMNS[table].columns])));
}
