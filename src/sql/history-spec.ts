import type { DuckDBType } from '@duckdb/node-api';
import { closedFingerprint, fingerprint, versionHash } from './history-fingerprint.js';
import type { AdoptedLayout, HardDeletes, MetaColumnNames, ValidityType } from './history-layout.js';
import { HistorySchema } from './history-schema.js';
import { KeySpec } from './key-spec.js';
import { column, ident } from './quote.js';
import { type Home, parseSource, type SourceSpec } from './source-spec.js';
import { TableName } from './table-name.js';
import { type Fragment, type Fragments, fragment } from './template.js';
import { trackedPairs } from './tracked-transitions.js';
import { ValueHashes } from './value-hashes.js';

/** The engine's own bookkeeping tables, beside the histories (in the database's default schema). */
export const BOOKKEEPING = {
  periods: TableName.parse('scd_parallel_periods'),
  histories: TableName.parse('scd_parallel_histories'),
} as const;

/**
 * Where a period's effective date comes from: the latest date in a source column, or the period
 * itself as a year (its last or first day), so a snapshot without a date column needs no view.
 */
export const EFFECTIVE_DATE_RULES = ['column', 'year-end', 'year-start'] as const;
export type EffectiveDateRule = (typeof EFFECTIVE_DATE_RULES)[number];

/** Which table and columns a history reads and writes; every name is configurable. */
export interface TableConfig {
  /** A table name, or a glob of Parquet files (see parseSource). */
  readonly sourceTable: string;
  readonly targetTable: string;
  readonly keyColumns: readonly string[];
  readonly periodColumn: string;
  readonly effectiveDateRule: EffectiveDateRule;
  /** Only with the rule `column`. */
  readonly effectiveDateColumn: string;
  readonly trackedColumns: readonly string[];
  readonly hardDeletes: HardDeletes;
  readonly validityType: ValidityType;
  /**
   * dbt's snapshot_meta_column_names: other names for dbt_scd_id, dbt_updated_at, dbt_valid_from, dbt_valid_to,
   * dbt_is_deleted.
   */
  readonly metaColumnNames: MetaColumnNames;
  /** dbt's dbt_valid_to_current: a date (YYYY-MM-DD) an open version's dbt_valid_to holds instead of NULL. */
  readonly validToCurrent: string | null;
  /** Set by `adopt`: the layout of the dbt snapshot the history continues. */
  readonly adopted: AdoptedLayout | null;
}

/**
 * One history as specs: the source relation, the target name, the key and the history schema.
 * It builds every fragment the engine's templates draw on; templates never prefix a column by
 * hand, they take a fragment built here with its alias.
 */
export class HistorySpec {
  readonly source: SourceSpec;
  readonly target: TableName;
  readonly key: KeySpec;
  readonly schema: HistorySchema;
  readonly fragments: Fragments;

  /**
   * `home`: the catalogs names are read in (see Home). `types`: the key and tracked columns' types,
   * which hashing their values needs (see `typed`).
   */
  constructor(
    readonly config: TableConfig,
    private readonly home: Home = { catalog: '' },
    readonly types?: ReadonlyMap<string, DuckDBType>,
  ) {
    this.source = parseSource(config.sourceTable, home);
    this.target = TableName.parse(config.targetTable).within(home.catalog);
    this.key = new KeySpec(config.keyColumns);
    const hashes = types === undefined ? undefined : new ValueHashes(config.keyColumns, config.trackedColumns, types);
    this.schema = new HistorySchema(this.key, config.trackedColumns, config, hashes, home.lake === true);
    this.fragments = this.build();
  }

  /** Whether the history lives in a DuckLake (see Home). */
  get inLake(): boolean {
    return this.home.lake === true;
  }

  /** The same history with its key and tracked columns' types known, as read from the source or the history. */
  typed(types: ReadonlyMap<string, DuckDBType>): HistorySpec {
    return new HistorySpec(this.config, this.home, types);
  }

  /** The same history in another table: where a full refresh builds it (src/history/rebuild.ts). */
  in(table: TableName): HistorySpec {
    return this.withConfig({ ...this.config, targetTable: table.name });
  }

  /** A history of other settings in the same database: as it was recorded, say. */
  withConfig(config: TableConfig): HistorySpec {
    return new HistorySpec(config, this.home, this.types);
  }

  /**
   * With hard deletes ignored, removed keys keep a current version, so what mirrors a snapshot is
   * the versions of its keys: `AND EXISTS (...)` on `alias`'s key in the source at `period`
   * (a parameter or a column). Nothing in the other modes.
   */
  private snapshotOnly(alias: string, period: string): Fragment {
    if (this.config.hardDeletes !== 'ignore') return fragment('');
    const inSource =
      `${column(this.config.periodColumn, '__scd_s')} = ${period} ` + `AND ${this.key.equals('__scd_s', alias).sql}`;
    return fragment(`AND EXISTS (SELECT 1 FROM ${this.source.sql.sql} __scd_s WHERE ${inSource})`);
  }

  /** A period's effective date, as a source row gives it. */
  private effectiveDate(): Fragment {
    const rule = this.config.effectiveDateRule;
    if (rule === 'column') return ident(this.config.effectiveDateColumn);
    const year = `CAST(${ident(this.config.periodColumn).sql} AS INTEGER)`;
    return fragment(rule === 'year-end' ? `make_date(${year}, 12, 31)` : `make_date(${year}, 1, 1)`);
  }

  /**
   * The hashes of a version and the fingerprints summed of them (history-fingerprint.ts): of
   * snapshot rows (`row_`: key and tracked values), of the current versions that mirror the
   * snapshot (`live_row_`), of versions (`version_`: what `check` reads), of the current ones, and
   * of those closed at $effective_date.
   */
  private fingerprints(rowHash: Fragment): Fragments {
    const versionHashed = versionHash(rowHash, this.schema);
    return {
      version_hash: versionHashed,
      row_fingerprint: fingerprint(rowHash),
      live_row_fingerprint: fingerprint(
        rowHash,
        fragment(`${this.schema.notDeleted('t').sql} ${this.snapshotOnly('t', '$period').sql}`),
      ),
      version_fingerprint: fingerprint(versionHashed),
      current_version_fingerprint: fingerprint(versionHashed, this.schema.current()),
      closed_fingerprint: closedFingerprint(rowHash, this.schema),
    };
  }

  private build(): Fragments {
    const key = this.key;
    const tracked = this.config.trackedColumns;
    const list = (fn: (c: string, i: number) => string, separator: string): Fragment =>
      fragment(tracked.map(fn).join(separator));
    const schema = this.schema.fragments();
    // Like the hashes they build on, only once the types are known.
    const rowHash = schema.row_hash;
    return {
      ...schema,
      ...(rowHash !== undefined && this.fingerprints(rowHash)),
      source: this.source.sql,
      target: this.target.sql,
      period: ident(this.config.periodColumn),
      source_period: fragment(column(this.config.periodColumn, 's')),
      effective_date: this.effectiveDate(),
      key: key.list(),
      key_display: key.display(),
      key_is_null: key.anyNull(),
      key_tuple: key.tuple(),
      key_as_exchange: key.asExchange(),
      source_key_as_exchange: key.asExchange('s'),
      target_key: key.list('t'),
      target_key_as_exchange: key.asExchange('t'),
      exchange_key: key.exchangeList(),
      exchange_hash: key.exchangeHash(),
      exchange_join: key.exchangeJoin('s', 'c'),
      exchange_display: key.display(undefined, true),
      target_matches_change: key.matchesExchange('t', 'c'),
      target_key_is_history_key: key.equals('t', 'h'),
      source_matches_change: key.matchesExchange('s', 'c'),
      history_matches_snapshot: key.matchesExchange('h', '__scd_snap'),
      target_matches_older: key.equals('t', 'o'),
      history_key_first: fragment(column(key.columns[0] as string, 'h')),
      // Live versions are fewer than the current ones with tombstones or removed keys kept: two
      // current rows of a key are counted over all of them. NULL (use the live count) otherwise.
      current_duplicates: fragment(
        this.config.hardDeletes === 'invalidate'
          ? 'NULL'
          : `(SELECT count(*) - count(DISTINCT ${key.tuple().sql}) ` +
              `FROM ${this.target.sql.sql} WHERE ${this.schema.current().sql})`,
      ),
      snapshot_only: this.snapshotOnly('t', '$period'),
      applied_snapshot_only: this.snapshotOnly('h', 'a.period'),
      // With ignore, a key the source lacks keeps its version, which differs from the source only
      // when the period itself started it.
      drift_ghosts: fragment(
        this.config.hardDeletes === 'ignore'
          ? `AND (s.h IS NOT NULL OR c.__scd_from = ${this.schema.at('effective_date').sql})`
          : '',
      ),
      // Reconciliation compares tracked values column by column (not by hash), so a wrong hash
      // cannot hide a wrong value: the snapshot side as __t_i, the history side as __h_i.
      snapshot_tracked: list((c, i) => `${column(c, 's')} AS __t_${i}`, ', '),
      history_tracked: list((c, i) => `${column(c, 'h')} AS __h_${i}`, ', '),
      tracked_differs: fragment(`(${tracked.map((_, i) => `__t_${i} IS DISTINCT FROM __h_${i}`).join(' OR ')})`),
      tracked_pairs: trackedPairs(tracked),
    };
  }
}
