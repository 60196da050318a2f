import type { Column } from './history-schema.js';
import type { HistorySpec } from './history-spec.js';
import { BOOKKEEPING } from './history-spec.js';
import { historyStatements } from './history-statements.js';
import { KeySpec } from './key-spec.js';
import { ownershipSql } from './ownership-statements.js';
import { readStatements } from './read-statements.js';
import { column, ident, literal } from './quote.js';
import type { SourceSpec } from './source-spec.js';
import { sourceStatements } from './source-statements.js';
import type { TableName } from './table-name.js';
import { type Fragment, fragment, render } from './template.js';

/**
 * Every statement the engine runs, by name. Callers bind values as `$name` parameters; what is
 * spliced in here is a quoted identifier, a spec's fragment, or a validated integer.
 */

/**
 * Which keys a statement of the apply names: those that change (`changed`), or all but those that
 * do not (`unchanged`); the coordinator picks the smaller side per period.
 */
export type ApplySide = 'changed' | 'unchanged';

const changedKeys = (spec: HistorySpec, prefix: string, changes: Fragment, through: ApplySide, actions: Fragment) =>
  fragment(
    render('changed_keys', {
      tuple: spec.key.tuple(prefix),
      changes,
      exchange_key: spec.key.exchangeList(),
      ...(through === 'changed' ? { membership: fragment('IN'), actions } : { membership: fragment('NOT IN'), actions: fragment("'U'") }),
    }),
  );

const bookkeeping = { periods: BOOKKEEPING.periods.sql, histories: BOOKKEEPING.histories.sql };

/**
 * The exchange's temporary Parquet (exports for the workers, their change sets): written once, read
 * once or twice, kept for a period or two, so written plain. Hashes do not compress, and keys are
 * unique within a file, so each row group's dictionary was built and thrown away (PLAIN either
 * way). Plain and uncompressed, writing 1.48M (key, hash) pairs took 0.16-0.18 s instead of
 * 0.25-0.29 s with zstd at level 1 (one thread), and 1.66M (key, action) 0.25-0.30 s instead of
 * 0.32-0.36 s: CPU the apply they overlap is short of on 2 cores. The cost is bytes in the run's
 * temporary directory: exports 1.35x, change sets 2.7x larger.
 */
const exchange_options = fragment('FORMAT parquet, COMPRESSION uncompressed, DICTIONARY_SIZE_LIMIT 1');

/**
 * A ledger date as text: YYYY-MM-DD, as the source's dates read, with a time of day only where
 * there is one (an adopted dbt snapshot's run times). Text compares in time order.
 */
const dateText = (column: string) => {
  // Through TIMESTAMP: a ledger written before holds DATEs (until a write widens it), which do not cast to TIME.
  const at = `CAST(${column} AS TIMESTAMP)`;
  return fragment(`CASE WHEN CAST(${at} AS TIME) = TIME '00:00:00' THEN strftime(${at}, '%Y-%m-%d') ELSE strftime(${at}, '%Y-%m-%d %H:%M:%S.%f') END`);
};

/**
 * Exported Parquet, which readers keep: zstd at its default level (3), smaller than the temporary
 * files' level 1 for a one-off cost. Row groups of 122,880 rows, DuckDB's own row group size: a
 * reader gives each thread one row group and skips groups by their min/max statistics, so groups
 * this size keep every core busy on a year of 100K+ employees and skip in useful steps, while
 * groups under ~5K rows read 5-10x slower (see the shared notes). Partition columns are written
 * into the files too, so a reader gets them back with their own type, in their own place.
 */
export const EXPORT_ROW_GROUP_SIZE = 122_880;
const exportOptions = (partitionBy: string) =>
  fragment(`FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${EXPORT_ROW_GROUP_SIZE}, PARTITION_BY (${ident(partitionBy).sql}), WRITE_PARTITION_COLUMNS true`);

/** The formats a file of rows may be written in, by its extension. */
export const FILE_FORMATS = { parquet: fragment('FORMAT parquet, COMPRESSION zstd'), csv: fragment('FORMAT csv, HEADER true') } as const;
export type FileFormat = keyof typeof FILE_FORMATS;

/** How many offending keys an error or a check names. */
export const SAMPLE_LIMIT = 10;
const limit = fragment(String(SAMPLE_LIMIT));

/** A (k0.., h) relation: Parquet files, or an empty relation of the key's types when there are none. */
export function exchangeRelation(files: readonly string[], keyTypes: readonly string[]): Fragment {
  if (files.length === 0) return fragment(render('exchange_empty', { empty_key: KeySpec.exchange(keyTypes.length).emptyExchange(keyTypes) }));
  return parquetFiles(files);
}

/** Parquet files (at least one) as one relation. */
export function parquetFiles(files: readonly string[]): Fragment {
  return fragment(render('exchange_files', { files: fragment(`[${files.map((f) => literal(f).sql).join(', ')}]`) }));
}

const versionChanges = (spec: HistorySpec) => fragment(render('version_changes', spec.fragments));

/** A subquery of its own statement text, to read as a relation. */
export const subquery = (sql: string): Fragment => fragment(`(${sql})`);

/**
 * The history's versions at an applied period, with `columns` (the source's); `period` is the
 * macro's parameter or a bound $period. Tables are named with their schema, as a macro resolves
 * names where it is called.
 */
function asOf(spec: HistorySpec, columns: readonly string[], period: Fragment): string {
  return render('as_of', {
    ...spec.fragments,
    periods: BOOKKEEPING.periods.inSchema().sql,
    target_key: literal(spec.target.canonical),
    target_text: literal(spec.target.text),
    as_of_columns: fragment(columns.map((c) => column(c, 'h')).join(', ')),
    as_of_target: spec.target.inSchema().sql,
    as_of_period: period,
  });
}

export const sql = {
  ...ownershipSql,
  ...readStatements,
  ...historyStatements,
  // Transactions and storage.
  begin: () => render('transaction_begin'),
  commit: () => render('transaction_commit'),
  rollback: () => render('transaction_rollback'),
  checkpoint: () => render('checkpoint'),
  timezoneUtc: () => render('timezone_utc'),
  describe: () => render('describe'),
  describeSource: (source: SourceSpec) => render('describe_source', { source: source.sql }),
  sourceFiles: () => render('source_files'),
  currentCatalog: () => render('current_catalog'),
  relationKind: () => render('relation_kind'),
  schemaCreate: (schema: Fragment) => render('schema_create', { schema }),
  tableDrop: (table: TableName | string) => render('table_drop', { table: typeof table === 'string' ? ident(table) : table.sql }),
  tableRename: (table: TableName, name: string) => render('table_rename', { table: table.sql, name: ident(name) }),
  tableMark: (table: TableName, mark: string | null) => render('table_mark', { table: table.sql, mark: mark === null ? fragment('NULL') : literal(mark) }),
  copyToExchange: (relation: Fragment, file: string) => render('copy_to', { relation, file: literal(file), options: exchange_options }),
  copyToFile: (relation: Fragment, file: string, format: FileFormat) => render('copy_to', { relation, file: literal(file), options: FILE_FORMATS[format] }),
  functionsNamed: () => render('functions_named'),
  relationCount: (relation: Fragment) => render('relation_count', { relation }),
  relationHead: (relation: Fragment, rows: number) => {
    if (!Number.isInteger(rows) || rows < 0) throw new Error(`bad row count ${rows}`);
    return render('relation_head', { relation, limit: fragment(String(rows)) });
  },

  // Bookkeeping: the periods ledger and the recorded settings.
  periodsCreate: () => render('periods_create', bookkeeping),
  periodsWiden: () => render('periods_widen', bookkeeping),
  /** Without `fingerprints`, a ledger written before whole-history fingerprints: none is read. */
  periodsApplied: (fingerprints: boolean) => {
    const names = ['versions_fingerprint', 'current_fingerprint', 'ledger_fingerprint'];
    const columns = Object.fromEntries(names.map((c) => [c, fragment(fingerprints ? c : 'CAST(NULL AS VARCHAR)')]));
    return render('periods_applied', { ...bookkeeping, effective_date_text: dateText('effective_date'), ...columns });
  },
  periodsFingerprintsAdd: () => render('periods_fingerprints_add', bookkeeping),
  periodsFingerprint: () => render('periods_fingerprint', bookkeeping),
  periodsRecord: () => render('periods_record', bookkeeping),
  periodsForget: () => render('periods_forget', bookkeeping),
  periodsMove: () => render('periods_move', bookkeeping),
  periodsRefingerprint: () => render('periods_refingerprint', bookkeeping),
  periodsRewind: () => render('periods_rewind', bookkeeping),
  periodsOfRun: () => render('periods_of_run', bookkeeping),
  historiesCreate: () => render('histories_create', bookkeeping),
  historiesRead: () => render('histories_read', bookkeeping),
  historiesRecord: () => render('histories_record', bookkeeping),
  historiesForget: () => render('histories_forget', bookkeeping),

  // The source.
  ...sourceStatements,
  sourcePeriods: (spec: HistorySpec, fingerprinted: boolean) =>
    render('source_periods', { ...spec.fragments, fingerprint: fragment(fingerprinted ? render('source_fingerprint', spec.fragments) : 'NULL') }),
  periodDrift: (spec: HistorySpec) => render('period_drift', spec.fragments),
  validateKeys: (spec: HistorySpec) => render('validate_keys', { ...spec.fragments, limit }),
  validateKeysSorted: (spec: HistorySpec) => render('validate_keys_sorted', spec.fragments),
  periodHashes: (spec: HistorySpec) => render('period_hashes', spec.fragments),

  // The history.
  targetCreate: (spec: HistorySpec, source: readonly Column[]) =>
    render('target_create', { target: spec.target.sql, definitions: spec.schema.definitions(source) }),
  targetRows: (spec: HistorySpec) => render('target_rows', spec.fragments),
  currentHashes: (spec: HistorySpec) => render('current_hashes', spec.fragments),
  exportChunks: (spec: HistorySpec, hashes: string, chunks: number, dir: string) => {
    if (!Number.isInteger(chunks) || chunks < 1) throw new Error(`bad chunk count ${chunks}`);
    return render('export_chunks', { ...spec.fragments, hashes: fragment(hashes), chunks: fragment(String(chunks)), dir: literal(dir), exchange_options });
  },
  closeVersions: (spec: HistorySpec, changes: Fragment, through: ApplySide) =>
    render('close_versions', { ...spec.fragments, changes, closing: changedKeys(spec, 't', changes, through, spec.fragments.close_actions as Fragment) }),
  closeTombstones: (spec: HistorySpec, changes: Fragment) =>
    render('close_tombstones', { ...spec.fragments, returning: changedKeys(spec, 't', changes, 'changed', fragment("'N'")) }),
  insertTombstones: (spec: HistorySpec, changes: Fragment) => render('insert_tombstones', { ...spec.fragments, changes }),
  insertVersions: (spec: HistorySpec, changes: Fragment, through: ApplySide) =>
    render('insert_versions', { ...spec.fragments, inserting: changedKeys(spec, 's', changes, through, fragment("'N', 'C'")) }),
  /** With `closed`, the fingerprint of the versions the period closed too (a read of their keys and tracked values). */
  verifyApply: (spec: HistorySpec, closed: boolean) =>
    render('verify_apply', { ...spec.fragments, ...(!closed && { closed_fingerprint: fragment('NULL') }) }),
  verifyDuplicates: (spec: HistorySpec) => render('verify_duplicates', spec.fragments),
  verifyFound: (spec: HistorySpec) => render('verify_found', spec.fragments),
  verifyFoundOverlap: (spec: HistorySpec, changes: Fragment) =>
    render('verify_found_overlap', { ...spec.fragments, changes }),
  historyFingerprint: (spec: HistorySpec) => render('history_fingerprint', spec.fragments),
  rewindDelete: (spec: HistorySpec) => render('rewind_delete', spec.fragments),
  rewindReopen: (spec: HistorySpec) => render('rewind_reopen', spec.fragments),
  verifyRewind: (spec: HistorySpec) => render('verify_rewind', spec.fragments),
  /** Ledger rows from the versions of an adopted snapshot. */
  periodsDerive: (spec: HistorySpec) => render('periods_derive', { ...spec.fragments, ...bookkeeping, version_changes: versionChanges(spec) }),
  adoptBoundaries: (spec: HistorySpec) => render('adopt_boundaries', { ...spec.fragments, boundary_text: dateText('__scd_at') }),
  adoptScdIds: (spec: HistorySpec) => render('adopt_scd_ids', { ...spec.fragments, limit }),
  adoptDeletedValues: (spec: HistorySpec) => render('adopt_deleted_values', { ...spec.fragments, limit }),
  exportHistory: (spec: HistorySpec, currentOnly: boolean, dir: string, partitionBy: string) => {
    const rows = fragment(render('export_rows', { target: spec.target.sql, rows: currentOnly ? (spec.fragments.current as Fragment) : fragment('true') }));
    return render('copy_to', { relation: subquery(rows.sql), file: literal(dir), options: exportOptions(partitionBy) });
  },
  /** The as-of command's query: the macro's body, the period bound as $period. */
  asOfQuery: (spec: HistorySpec, columns: readonly string[]) => asOf(spec, columns, fragment('$period')),
  asOfMacroCreate: (spec: HistorySpec, macro: TableName, columns: readonly string[]) => {
    const parameter = ident(spec.config.periodColumn);
    return render('as_of_macro_create', { macro: macro.sql, parameter, body: fragment(asOf(spec, columns, parameter)) });
  },
  asOfMacroMark: (macro: TableName, mark: string) => render('as_of_macro_mark', { macro: macro.sql, mark: literal(mark) }),
  historySummary: (spec: HistorySpec) => render('history_summary', spec.fragments),
  check: (spec: HistorySpec, template: string) => render(template, { ...spec.fragments, ...bookkeeping, limit }),

  // Change sets, shared by the workers and the inline path so both classify alike.
  changeSet: (keyColumns: number, snapshot: Fragment, current: Fragment) => {
    const key = KeySpec.exchange(keyColumns);
    return fragment(render('change_set', { snapshot, current, exchange_join: key.exchangeJoin('s', 'c'), exchange_coalesce: key.exchangeCoalesce('s', 'c') }));
  },
  changeSetTable: (table: string, changeSet: Fragment) => render('change_set_table', { table: ident(table), change_set: changeSet }),
  changeSetCounts: (changes: Fragment, snapshot: Fragment) => render('change_set_counts', { changes, snapshot }),

  // Monitoring.
  monCreate: (table: TableName, definitions: Fragment) => render('mon_create', { table: table.sql, definitions }),
  monInsert: (table: TableName, structure: Fragment) => render('mon_insert', { table: table.sql, structure }),
  monMove: (table: TableName) => render('mon_move', { table: table.sql }),
  monForget: (table: TableName) => render('mon_forget', { table: table.sql }),
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
