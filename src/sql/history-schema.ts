import { quotedIdentifier } from '@duckdb/node-api';
import { columnDefinitions, derivedValues } from './history-columns.js';
import {
  type Column,
  type LayoutConfig,
  type Role,
  type RoleColumn,
  roleColumns,
  roleName,
  SQL_TYPE,
} from './history-layout.js';
import type { KeySpec } from './key-spec.js';
import { column, literal } from './quote.js';
import { type Fragment, fragment } from './template.js';
import type { ValueHashes } from './value-hashes.js';

export { type Column, HARD_DELETES, type HardDeletes } from './history-layout.js';

const f = fragment;

/**
 * A history table: the source's columns, then the SCD columns (history-layout.ts). In the
 * engine's own histories record_hash and dbt_scd_id are VIRTUAL: computed when read, never stored.
 * Storing them cost a third of the insert time (1.01 s against 0.66 s for 1.15M versions), and a
 * derived hash cannot go stale when DuckDB's hash() changes between versions. Templates never
 * name an SCD column: they take the fragments built here, which follow the recorded names,
 * validity type, open-end value and layout.
 */
export class HistorySchema {
  readonly columns: readonly RoleColumn[];

  constructor(
    private readonly key: KeySpec,
    readonly trackedColumns: readonly string[],
    readonly layout: LayoutConfig,
    /** Known once the key and tracked columns' types are. */
    private readonly hashes?: ValueHashes,
    /** In a lake: record_hash and dbt_scd_id stored, not VIRTUAL (see roleColumns). */
    private readonly stored = false,
  ) {
    this.columns = roleColumns(layout, stored);
  }

  get hardDeletes() {
    return this.layout.hardDeletes;
  }

  private has(role: Role): boolean {
    return this.columns.some((c) => c.role === role);
  }

  /** The column's name; a role the layout lacks still has one (for messages, and templates this layout never runs). */
  name(role: Role): string {
    return roleName(role, this.layout.metaColumnNames);
  }

  private col(role: Role, prefix?: string): string {
    return column(this.name(role), prefix);
  }

  private get validityType(): string {
    return SQL_TYPE[this.layout.validityType];
  }

  /** The bound value `$parameter` (a period's date) as a validity bound, in the validity's type. */
  at(parameter: 'effective_date' | 'previous_date'): Fragment {
    return f(`CAST($${parameter} AS ${this.validityType})`);
  }

  /** What an open version's dbt_valid_to holds: NULL, or dbt_valid_to_current's date. */
  openTo(): Fragment {
    const sentinel = this.layout.validToCurrent;
    return f(`CAST(${sentinel === null ? 'NULL' : literal(sentinel).sql} AS ${this.validityType})`);
  }

  /** The version is open (current by its validity). */
  isOpen(prefix?: string): Fragment {
    const to = this.col('validTo', prefix);
    return f(this.layout.validToCurrent === null ? `${to} IS NULL` : `${to} IS NOT DISTINCT FROM ${this.openTo().sql}`);
  }

  /**
   * The version is current: its flag, or, in an adopted snapshot without one, its open validity.
   * `= true`, not the bare column: only a comparison with a constant is pruned by the row groups'
   * min/max, so closing versions reads the row groups that still hold current ones rather than
   * the whole history (measured at 10.8M versions: the close took 0.31 s instead of 0.87 s).
   */
  current(prefix?: string): Fragment {
    return this.has('isCurrent') ? f(`(${this.col('isCurrent', prefix)} = true)`) : f(`(${this.isOpen(prefix).sql})`);
  }

  /** `"name" TYPE` for every column of a new history (see columnDefinitions). */
  definitions(source: readonly Column[]): Fragment {
    if (this.hashes === undefined) throw new Error("record_hash needs the tracked columns' types: type the spec first");
    const generated = derivedValues(this.key, this.hashes, this.col('validFrom'));
    return columnDefinitions(source, this.columns, generated, this.stored ? [] : this.key.columns);
  }

  /** `name TYPE` of every column an existing history must have. */
  expectedShape(source: readonly Column[]): string[] {
    return [...source, ...this.columns].map((c) => `${c.name} ${c.type}`);
  }

  /** The SCD columns this history has, lower case: a source column may take none of their names. */
  columnNames(): readonly string[] {
    return this.columns.map((c) => c.name.toLowerCase());
  }

  /** A tombstone: dbt_is_deleted, or the text 'True' in an adopted dbt snapshot that writes it so. */
  deleted(prefix?: string): Fragment {
    // A version dbt wrote before the column existed holds NULL there: not a tombstone.
    return f(
      this.layout.adopted?.deletedAsText === true
        ? `coalesce(lower(${this.col('isDeleted', prefix)}) = 'true', false)`
        : this.col('isDeleted', prefix),
    );
  }

  /** A version that is not a tombstone (always, but with new_record). */
  notDeleted(prefix?: string): Fragment {
    return f(this.hardDeletes === 'new_record' ? `NOT ${this.deleted(prefix).sql}` : 'true');
  }

  /**
   * The current versions that mirror the latest applied snapshot: every current one, but
   * tombstones with new_record. With ignore, current versions of removed keys stay too: what
   * mirrors a snapshot there is told by `snapshotOnly` in HistorySpec.
   */
  live(prefix?: string): Fragment {
    return f(`${this.current(prefix).sql} AND ${this.notDeleted(prefix).sql}`);
  }

  /**
   * What differs by mode in the apply. The change set compares the snapshot
   * with live versions only, so with new_record a rehire is new (its tombstone closes), and a key
   * already tombstoned is not removed again (dbt-adapters #654, #1240: duplicated tombstones).
   */
  private modeFragments(): Record<string, Fragment> {
    const ignore = this.hardDeletes === 'ignore';
    return {
      // Actions whose current version closes: with ignore, a removal closes nothing.
      close_actions: f(ignore ? "'C'" : "'C', 'R'"),
    };
  }

  /**
   * Writing the current flag, where the layout has one: in a new version's SELECT list, and in a
   * closing or reopening UPDATE's SET list. An adopted snapshot stores dbt_scd_id: a new version
   * gets dbt's md5 over its key and validity start (its rows read the key unqualified).
   */
  private writeFragments(): Record<string, Fragment> {
    const flag = this.has('isCurrent');
    const adopted = this.layout.adopted !== null;
    const { scdId, recordHash } = derivedValues(this.key, this.hashes, this.at('effective_date').sql);
    const storedHash = this.stored && this.has('recordHash');
    return {
      opens_current: f(flag ? `, true AS ${this.col('isCurrent')}` : ''),
      closes_current: f(flag ? `, ${this.col('isCurrent')} = false` : ''),
      closed_current: f(flag ? `, false AS ${this.col('isCurrent')}` : ''),
      reopens_current: f(flag ? `, ${this.col('isCurrent')} = true` : ''),
      new_scd_id: f(
        adopted ? `, md5(${scdId}) AS ${this.col('scdId')}` : this.stored ? `, ${scdId} AS ${this.col('scdId')}` : '',
      ),
      // Only once the types are known, as `hash` in fragments().
      ...((!storedHash || recordHash !== undefined) && {
        new_record_hash: f(storedHash ? `, ${recordHash} AS ${this.col('recordHash')}` : ''),
      }),
      // dbt's 'False' on a new version where dbt_is_deleted is text (BOOLEAN columns default to false).
      opens_live: f(
        this.layout.adopted?.deletedAsText === true && this.hardDeletes === 'new_record'
          ? `, 'False' AS ${this.col('isDeleted')}`
          : '',
      ),
      // A current flag that disagrees with the validity; never, without a flag.
      flag_mismatch: f(flag ? `${this.col('isCurrent')} IS DISTINCT FROM (${this.isOpen().sql})` : 'false'),
    };
  }

  fragments(): Record<string, Fragment> {
    return {
      // Only once the types are known: a template hashing values fails loudly without them.
      ...(this.hashes !== undefined && { hash: this.hashes.tracked(), row_hash: this.hashes.row() }),
      scd_id: f(this.col('scdId')),
      valid_from: f(this.col('validFrom')),
      valid_to: f(this.col('validTo')),
      updated_at: f(this.col('updatedAt')),
      is_current: f(this.col('isCurrent')),
      is_deleted: f(this.col('isDeleted')),
      deleted: this.deleted(),
      t_deleted: this.deleted('t'),
      // A new tombstone's dbt_is_deleted, in the column's own kind.
      deleted_value: f(this.layout.adopted?.deletedAsText === true ? "'True'" : 'true'),
      scd_columns: f(this.columns.map((c) => quotedIdentifier(c.name)).join(', ')),
      open_to: this.openTo(),
      is_open: this.isOpen(),
      h_is_open: this.isOpen('h'),
      t_is_open: this.isOpen('t'),
      current: this.current(),
      t_current: this.current('t'),
      live: this.live(),
      not_deleted: this.notDeleted(),
      t_not_deleted: this.notDeleted('t'),
      h_not_deleted: this.notDeleted('h'),
      ...this.modeFragments(),
      ...this.writeFragments(),
      validity_type: f(this.validityType),
      effective_at: this.at('effective_date'),
      previous_at: this.at('previous_date'),
      updated_type: f(this.columns.find((c) => c.role === 'updatedAt')?.type as string),
    };
  }
}
