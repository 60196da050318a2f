import type { DuckDBConnection } from '@duckdb/node-api';
import { listValue } from '@duckdb/node-api';
import { relationKind } from '../db/catalog.js';
import { all, exec } from '../db/database.js';
import { DEFAULTS } from '../defaults.js';
import { ENGINE_VERSION } from '../paths.js';
import {
  type AdoptedLayout,
  BOOKKEEPING,
  type EffectiveDateRule,
  type HardDeletes,
  type HistorySpec,
  type MetaColumnNames,
  sql,
  type TableConfig,
  type ValidityType,
} from '../sql/index.js';

/**
 * The settings a history was created with, recorded beside it in the transaction that creates
 * it: later runs, checks and reports need no flags, and a flag that contradicts them is refused.
 */
export interface RecordedSettings {
  /** The canonical target name (lower case, schema-qualified). */
  readonly target: string;
  readonly config: TableConfig;
  readonly engineVersion: string;
  /** The token of the mark on the history's table (src/history/ownership.ts); null when recorded before marks. */
  readonly tableToken: string | null;
}

/** The effective-date rule as recorded: `column:<name>`, or the rule's own name. */
const COLUMN_RULE = 'column:';

function ruleText(c: TableConfig): string {
  return c.effectiveDateRule === 'column' ? `${COLUMN_RULE}${c.effectiveDateColumn}` : c.effectiveDateRule;
}

function parseRule(text: string): Pick<TableConfig, 'effectiveDateRule' | 'effectiveDateColumn'> {
  if (text.startsWith(COLUMN_RULE))
    return { effectiveDateRule: 'column', effectiveDateColumn: text.slice(COLUMN_RULE.length) };
  return { effectiveDateRule: text as EffectiveDateRule, effectiveDateColumn: DEFAULTS.table.effectiveDateColumn };
}

export async function readSettings(connection: DuckDBConnection): Promise<RecordedSettings[]> {
  if ((await relationKind(connection, BOOKKEEPING.histories)) === undefined) return [];
  const rows = await all<{
    target_table: string;
    target_name: string;
    source_table: string;
    key_columns: string[];
    period_column: string;
    effective_date_rule: string;
    tracked_columns: string[];
    engine_version: string;
    hard_deletes?: HardDeletes | null;
    validity_type?: ValidityType | null;
    meta_column_names?: string | null;
    valid_to_current?: string | null;
    adopted?: string | null;
    table_token?: string | null;
  }>(connection, sql.historiesRead());
  return rows.map((r) => ({
    target: r.target_table,
    engineVersion: r.engine_version,
    tableToken: r.table_token ?? null,
    config: {
      sourceTable: r.source_table,
      targetTable: r.target_name,
      keyColumns: r.key_columns,
      periodColumn: r.period_column,
      ...parseRule(r.effective_date_rule),
      trackedColumns: r.tracked_columns,
      hardDeletes: r.hard_deletes ?? 'invalidate',
      validityType: r.validity_type ?? 'date',
      metaColumnNames: JSON.parse(r.meta_column_names ?? '{}') as MetaColumnNames,
      validToCurrent: r.valid_to_current ?? null,
      adopted: r.adopted == null ? null : (JSON.parse(r.adopted) as AdoptedLayout),
    },
  }));
}

/**
 * Replaces the history's recorded settings with the spec's and the token of the mark on its table;
 * inside the transaction that creates (or marks) the table.
 */
export async function recordSettings(
  connection: DuckDBConnection,
  spec: HistorySpec,
  createdAt: string,
  tableToken: string,
): Promise<void> {
  await exec(connection, sql.historiesCreate());
  await exec(connection, sql.historiesForget(), { target: spec.target.canonical });
  const c = spec.config;
  await exec(connection, sql.historiesRecord(), {
    target: spec.target.canonical,
    // Without the database's own catalog, which is its file's name: renaming the file keeps the history.
    target_name: spec.target.name,
    source: spec.source.name,
    key_columns: listValue(c.keyColumns),
    period_column: c.periodColumn,
    effective_date_rule: ruleText(c),
    tracked_columns: listValue(c.trackedColumns),
    engine_version: ENGINE_VERSION,
    created_at: createdAt,
    hard_deletes: c.hardDeletes,
    validity_type: c.validityType,
    meta_column_names: JSON.stringify(c.metaColumnNames),
    valid_to_current: c.validToCurrent,
    adopted: c.adopted === null ? null : JSON.stringify(c.adopted),
    table_token: tableToken,
  });
}
