import type { Column } from './history-schema.js';
import type { HistorySpec } from './history-spec.js';
import { BOOKKEEPING } from './history-spec.js';
import { KeySpec } from './key-spec.js';
import { ident, literal } from './quote.js';
import type { SourceSpec } from './source-spec.js';
import type { TableName } from './table-name.js';
import { type Fragment, fragment, render } from './template.js';

/**
 * Every statement the engine runs, by name. Callers bind values as `$name` parameters; what is
 * spliced in here is a quoted identifier, a spec's fragment, or a validated integer.
 */

const bookkeeping = { periods: BOOKKEEPING.periods.sql, histories: BOOKKEEPING.histories.sql };

/** Temporary Parquet: zstd at level 1 (gzip is slow, see the shared notes). */
const parquet_options = fragment('FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1');

/**
 * A ledger date as text: YYYY-MM-DD, as the source's dates read, with a time of day only where
 * there is one (an adopted dbt snapshot's run times). Text compares in time order.
 */
const dateText = (column: string) =>
  fragment(`CASE WHEN CAST(${column} AS TIME) = TIME '00:00:00' THEN strftime(${column}, '%Y-%m-%d') ELSE strftime(${column}, '%Y-%m-%d %H:%M:%S.%f') END`);

/** How many offending keys an error or a check names. */
export const SAMPLE_LIMIT = 10;
const limit = fragment(String(SAMPLE_LIMIT));

/** A (k0.., h) relation: Parquet files, or an empty relation of the key's types when there are none. */
export function exchangeRelation(files: readonly string[], keyTypes: readonly string[]): Fragment {
  if (files.length === 0) return fragment(render('exchange_empty', { empty_key: KeySpec.exchange(keyTypes.length).emptyExchange(keyTypes) }));
  return fragment(render('exchange_files', { files: fragment(`[${files.map((f) => literal(f).sql).join(', ')}]`) }));
}

const versionChanges = (spec: HistorySpec) => fragment(render('version_changes', spec.fragments));

/** A subquery of its own statement text, to read as a relation. */
export const subquery = (sql: string): Fragment => fragment(`(${sql})`);

export const sql = {
  // Transactions and storage.
  begin: () => render('transaction_begin'),
  commit: () => render('transaction_commit'),
  rollback: () => render('transaction_rollback'),
  checkpoint: () => render('checkpoint'),
  describe: () => render('describe'),
  describeSource: (source: SourceSpec) => render('describe_source', { source: source.sql }),
  sourceFiles: () => render('source_files'),
  currentCatalog: () => render('current_catalog'),
  relationKind: () => render('relation_kind'),
  schemaCreate: (schema: Fragment) => render('schema_create', { schema }),
  tableDrop: (table: TableName | string) => render('table_drop', { table: typeof table === 'string' ? ident(table) : table.sql }),
  copyToParquet: (relation: Fragment, file: string) => render('copy_to_parquet', { relation, file: literal(file), parquet_options }),

  // Bookkeeping: the periods ledger and the recorded settings.
  periodsCreate: () => render('periods_create', bookkeeping),
  periodsWiden: () => render('periods_widen', bookkeeping),
  periodsApplied: () => render('periods_applied', { ...bookkeeping, effective_date_text: dateText('effective_date') }),
  periodsRecord: () => render('periods_record', bookkeeping),
  periodsForget: () => render('periods_forget', bookkeeping),
  periodsRefingerprint: () => render('periods_refingerprint', bookkeeping),
  periodsRewind: () => render('periods_rewind', bookkeeping),
  historiesCreate: () => render('histories_create', bookkeeping),
  historiesRead: () => render('histories_read', bookkeeping),
  historiesRecord: () => render('histories_record', bookkeeping),
  historiesForget: () => render('histories_forget', bookkeeping),

  // The source.
  sourcePeriods: (spec: HistorySpec) => render('source_periods', spec.fragments),
  periodDrift: (spec: HistorySpec) => render('period_drift', spec.fragments),
  validateKeys: (spec: HistorySpec) => render('validate_keys', { ...spec.fragments, limit }),
  periodHashes: (spec: HistorySpec) => render('period_hashes', spec.fragments),

  // The history.
  targetCreate: (spec: HistorySpec, source: readonly Column[]) =>
    render('target_create', { target: spec.target.sql, definitions: spec.schema.definitions(source) }),
  targetRows: (spec: HistorySpec) => render('target_rows', spec.fragments),
  currentHashes: (spec: HistorySpec) => render('current_hashes', spec.fragments),
  exportChunks: (spec: HistorySpec, hashes: string, chunks: number, dir: string) => {
    if (!Number.isInteger(chunks) || chunks < 1) throw new Error(`bad chunk count ${chunks}`);
    return render('export_chunks', { ...spec.fragments, hashes: fragment(hashes), chunks: fragment(String(chunks)), dir: literal(dir), parquet_options });
  },
  closeVersions: (spec: HistorySpec, changes: Fragment) => render('close_versions', { ...spec.fragments, changes }),
  closeTombstones: (spec: HistorySpec, changes: Fragment) => render('close_tombstones', { ...spec.fragments, changes }),
  insertTombstones: (spec: HistorySpec, changes: Fragment) => render('insert_tombstones', { ...spec.fragments, changes }),
  insertVersions: (spec: HistorySpec, changes: Fragment) => render('insert_versions', { ...spec.fragments, changes }),
  verifyApply: (spec: HistorySpec) => render('verify_apply', spec.fragments),
  verifyFound: (spec: HistorySpec, changes: Fragment) => render('verify_found', { ...spec.fragments, changes }),
  rewindDelete: (spec: HistorySpec) => render('rewind_delete', spec.fragments),
  rewindReopen: (spec: HistorySpec) => render('rewind_reopen', spec.fragments),
  verifyRewind: (spec: HistorySpec) => render('verify_rewind', spec.fragments),
  fullRefresh: (spec: HistorySpec) => {
    const tombstones = spec.config.hardDeletes === 'new_record' ? fragment(render('full_refresh_tombstones', spec.fragments)) : fragment('');
    return render('full_refresh', { ...spec.fragments, empty_periods: fragment(render('empty_periods')), tombstones });
  },
  fullRefreshPeriods: (spec: HistorySpec) =>
    render('full_refresh_periods', { ...spec.fragments, ...bookkeeping, empty_periods: fragment(render('empty_periods')), version_changes: versionChanges(spec) }),
  adoptBoundaries: (spec: HistorySpec) => render('adopt_boundaries', { ...spec.fragments, boundary_text: dateText('__scd_at') }),
  adoptPeriods: (spec: HistorySpec) => render('adopt_periods', { ...spec.fragments, ...bookkeeping, version_changes: versionChanges(spec) }),
  historySummary: (spec: HistorySpec) => render('history_summary', spec.fragments),
  check: (spec: HistorySpec, template: string) => render(template, { ...spec.fragments, ...bookkeeping, limit }),

  // Change sets, shared by the workers and the inline path so both classify alike.
  changeSet: (keyColumns: number, table: string, snapshot: Fragment, current: Fragment) => {
    const key = KeySpec.exchange(keyColumns);
    return render('change_set', {
      table: ident(table),
      snapshot,
      current,
      exchange_join: key.exchangeJoin('s', 'c'),
      exchange_coalesce: key.exchangeCoalesce('s', 'c'),
    });
  },
  changeSetCounts: (table: string, snapshot: Fragment) => render('change_set_counts', { table: ident(table), snapshot }),

  // Monitoring.
  monCreate: (table: TableName, definitions: Fragment) => render('mon_create', { table: table.sql, definitions }),
  monInsert: (table: TableName, structure: Fragment) => render('mon_insert', { table: table.sql, structure }),
  monRuns: (runs: TableName, breaches: TableName) => render('mon_runs', { table: runs.sql, breaches: breaches.sql }),
  monRead: (table: TableName, template: 'mon_phase_latency' | 'mon_period_throughput' | 'mon_run_integrity' | 'mon_run_chunks') =>
    render(template, { table: table.sql }),

  // The synthetic workforce generator.
  generateSeed: () => render('generate_seed'),
  generateSetup: () => render('generate_setup'),
  generateCreate: (table: TableName) => render('generate_create', { table: table.sql }),
  generateCensus: () => render('generate_census'),
  generateYear: () => render('generate_year'),
  generateHires: () => render('generate_hires'),
  generateStats: () => render('generate_stats'),
  generateEmit: (table: TableName) => render('generate_emit', { table: table.sql }),
  generatePlanwiseCreate: (table: TableName) => render('generate_planwise_create', { table: table.sql }),
  generatePlanwiseEmit: (table: TableName) => render('generate_planwise_emit', { table: table.sql }),
  generateTotals: (table: TableName) => render('generate_totals', { table: table.sql }),
};
