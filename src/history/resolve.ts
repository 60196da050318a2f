import type { DuckDBConnection } from '@duckdb/node-api';
import { readHome } from '../db/catalog.js';
import { contradictsSettings, notOneOf, severalHistories } from '../errors/index.js';
import { layerTableConfig, type TableLayer } from '../options/table-config.js';
import { HistorySpec, type Home, parseSource, type TableConfig, TableName } from '../sql/index.js';
import { type RecordedSettings, readSettings } from './settings.js';

export interface ResolvedHistory {
  readonly spec: HistorySpec;
  /** The history's recorded settings; undefined for a history not created yet. */
  readonly recorded: RecordedSettings | undefined;
}

type Check = {
  readonly what: string;
  readonly text: (c: TableConfig) => string;
  readonly same: (a: TableConfig, b: TableConfig, home: Home) => boolean;
};

const joined = (columns: readonly string[]) => columns.join(', ');
const sameList = (a: readonly string[], b: readonly string[]) => joined(a) === joined(b);
const dateRule = (c: TableConfig) => (c.effectiveDateRule === 'column' ? c.effectiveDateColumn : c.effectiveDateRule);
const metaNames = (c: TableConfig) =>
  Object.entries(c.metaColumnNames)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([meta, name]) => `${meta}=${name}`)
    .join(',') || 'dbt names';
const openEnd = (c: TableConfig) =>
  c.validToCurrent === null ? 'NULL dbt_valid_to' : `dbt_valid_to ${c.validToCurrent}`;

/** What a flag may not change on an existing history, with the words its refusal uses. */
const RECORDED: Partial<Record<keyof TableConfig, Check>> = {
  sourceTable: {
    what: 'reads',
    text: (c) => c.sourceTable,
    same: (a, b, home) => parseSource(a.sourceTable, home).sameAs(parseSource(b.sourceTable, home)),
  },
  keyColumns: {
    what: 'is keyed by',
    text: (c) => joined(c.keyColumns),
    same: (a, b) => sameList(a.keyColumns, b.keyColumns),
  },
  periodColumn: {
    what: 'takes periods from',
    text: (c) => c.periodColumn,
    same: (a, b) => a.periodColumn === b.periodColumn,
  },
  effectiveDateColumn: {
    what: 'takes effective dates from',
    text: dateRule,
    same: (a, b) => dateRule(a) === dateRule(b),
  },
  effectiveDateRule: {
    what: 'takes effective dates from',
    text: dateRule,
    same: (a, b) => dateRule(a) === dateRule(b),
  },
  trackedColumns: {
    what: 'tracks',
    text: (c) => joined(c.trackedColumns),
    same: (a, b) => sameList(a.trackedColumns, b.trackedColumns),
  },
  hardDeletes: {
    what: 'handles hard deletes by',
    text: (c) => c.hardDeletes,
    same: (a, b) => a.hardDeletes === b.hardDeletes,
  },
  validityType: {
    what: 'has validity of type',
    text: (c) => c.validityType,
    same: (a, b) => a.validityType === b.validityType,
  },
  metaColumnNames: { what: 'names its meta columns', text: metaNames, same: (a, b) => metaNames(a) === metaNames(b) },
  validToCurrent: { what: 'marks open versions with', text: openEnd, same: (a, b) => openEnd(a) === openEnd(b) },
};

/**
 * Which history a command works on, and its settings: the defaults, then what the history
 * recorded, then the caller's explicit layer. With no target named, a database holding one
 * history means that one. An explicit setting that contradicts the recorded one is refused,
 * naming both, unless `mayChange` says the history may take new settings (it is being rebuilt,
 * or nothing was ever applied to it).
 */
export async function resolveHistory(
  connection: DuckDBConnection,
  explicit: TableLayer,
  mayChange: (recorded: HistorySpec, settings: RecordedSettings) => Promise<boolean> = async () => false,
): Promise<ResolvedHistory> {
  const histories = await readSettings(connection);
  const home = await readHome(connection);
  let recorded: RecordedSettings | undefined;
  if (explicit.targetTable !== undefined) {
    const target = TableName.parse(explicit.targetTable).within(home.catalog);
    recorded = histories.find((h) => h.target === target.canonical);
  } else if (histories.length === 1) {
    recorded = histories[0];
  } else if (histories.length > 1) {
    throw severalHistories(histories.map((h) => h.config.targetTable));
  }
  // TIMESTAMPTZ validity is what an adopted dbt snapshot has; a new history takes DATE or TIMESTAMP.
  if (explicit.validityType === 'timestamptz' && recorded?.config.validityType !== 'timestamptz')
    throw notOneOf('validityType', ['date', 'timestamp'], 'timestamptz');
  const config = layerTableConfig(recorded?.config, explicit);
  if (recorded !== undefined) {
    const contradicted = (Object.entries(RECORDED) as Array<[keyof TableConfig, Check]>).find(
      ([name, check]) => explicit[name] !== undefined && !check.same(recorded.config, config, home),
    );
    if (contradicted !== undefined && !(await mayChange(new HistorySpec(recorded.config, home), recorded))) {
      const [, check] = contradicted;
      throw contradictsSettings(config.targetTable, check.what, check.text(recorded.config), check.text(config));
    }
  }
  return { spec: new HistorySpec(config, home), recorded };
}
