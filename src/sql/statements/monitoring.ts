import type { TableName } from '../table-name.js';
import { type Fragment, statement } from '../template.js';
import type { TemplateName } from '../templates.js';

/** The reads of the run report, one a table. */
type MonitoringRead = Extract<
  TemplateName,
  `monitoring/${'phase_latency' | 'period_throughput' | 'run_integrity' | 'run_chunks'}`
>;

/** The monitoring tables: made, written, moved with a history, forgotten, and read for the report. */
export const monitoringStatements = {
  monCreate: (table: TableName, definitions: Fragment) =>
    statement('monitoring/create', { table: table.sql, definitions }),
  monInsert: (table: TableName, structure: Fragment) => statement('monitoring/insert', { table: table.sql, structure }),
  monMove: (table: TableName) => statement('monitoring/move', { table: table.sql }),
  monForget: (table: TableName) => statement('monitoring/forget', { table: table.sql }),
  monRuns: (runs: TableName, breaches: TableName) =>
    statement('monitoring/runs', { table: runs.sql, breaches: breaches.sql }),
  monRead: (table: TableName, template: MonitoringRead) => statement(template, { table: table.sql }),
};
