import { quotedIdentifier } from '@duckdb/node-api';
import type { KeySpec } from './key-spec.js';
import type { Fragment } from './template.js';

export interface Column {
  readonly name: string;
  readonly type: string;
}

/** The columns a history adds after the source's, with dbt snapshot names so dbt models read it unchanged. */
export const SCD_COLUMNS = {
  recordHash: { name: 'record_hash', type: 'UBIGINT' },
  scdId: { name: 'dbt_scd_id', type: 'VARCHAR' },
  validFrom: { name: 'dbt_valid_from', type: 'DATE' },
  validTo: { name: 'dbt_valid_to', type: 'DATE' },
  updatedAt: { name: 'dbt_updated_at', type: 'TIMESTAMP' },
  isCurrent: { name: 'is_current_record', type: 'BOOLEAN' },
  /** Only with hard deletes as new_record: true on a tombstone, the version that records a removal. */
  isDeleted: { name: 'dbt_is_deleted', type: 'BOOLEAN' },
} as const;

/** What happens to a key that leaves the source; dbt's names and meanings. */
export const HARD_DELETES = ['invalidate', 'new_record', 'ignore'] as const;
export type HardDeletes = (typeof HARD_DELETES)[number];

type Role = keyof typeof SCD_COLUMNS;
const ORDER: readonly Role[] = ['recordHash', 'scdId', 'validFrom', 'validTo', 'updatedAt', 'isCurrent'];


const q = (name: string): Fragment => ({ sql: quotedIdentifier(name) });

/**
 * A history table: the source's columns, then the SCD columns. record_hash and dbt_scd_id are
 * VIRTUAL: computed when read, never stored. Storing them cost a third of the insert time (1.01 s
 * against 0.66 s for 1.15M versions), and a derived hash cannot go stale when DuckDB's hash()
 * changes between versions.
 */
export class HistorySchema {
  private readonly roles: readonly Role[];

  constructor(
    private readonly key: KeySpec,
    readonly trackedColumns: readonly string[],
    readonly hardDeletes: HardDeletes,
  ) {
    this.roles = hardDeletes === 'new_record' ? [...ORDER, 'isDeleted'] : ORDER;
  }

  /**
   * record_hash: DuckDB's hash() over the tracked columns, a UBIGINT. It hashes each value and
   * combines them in order, so NULL, '' and 0 differ, and ('ab', '') differs from ('a', 'b'). It
   * is 20x cheaper than md5 over a text encoding (0.014 s against 0.3 s for 1.15M rows). Change
   * detection compares within one key, so a 64-bit collision (p ~ 2^-64 per changed row) is the
   * only way to miss a change.
   */
  trackedHash(): Fragment {
    return { sql: `hash(${this.trackedColumns.map(quotedIdentifier).join(', ')})` };
  }

  /** `"name" TYPE` for every column of a new history, the generated ones with their expressions. */
  definitions(source: readonly Column[]): Fragment {
    const c = SCD_COLUMNS;
    const generated: Record<string, string> = {
      [c.recordHash.name]: this.trackedHash().sql,
      [c.scdId.name]: `${this.key.scdIdPart().sql} || '|' || CAST(${quotedIdentifier(c.validFrom.name)} AS VARCHAR)`,
    };
    const scd = this.roles.map((role) => {
      const { name, type } = c[role];
      const expression = generated[name];
      if (role === 'isDeleted') return `${quotedIdentifier(name)} ${type} NOT NULL DEFAULT false`;
      return `${quotedIdentifier(name)} ${type}${expression === undefined ? '' : ` GENERATED ALWAYS AS (${expression}) VIRTUAL`}`;
    });
    return { sql: [...source.map((s) => `${quotedIdentifier(s.name)} ${s.type}`), ...scd].join(',\n  ') };
  }

  /** `name TYPE` of every column an existing history must have, in order. */
  expectedShape(source: readonly Column[]): string[] {
    return [...source.map((s) => `${s.name} ${s.type}`), ...this.roles.map((role) => `${SCD_COLUMNS[role].name} ${SCD_COLUMNS[role].type}`)];
  }

  /** The SCD columns this history has: a source column may take none of their names. */
  columnNames(): readonly string[] {
    return this.roles.map((role) => SCD_COLUMNS[role].name);
  }

  /** A version that is not a tombstone (always, but with new_record). */
  notDeleted(prefix?: string): Fragment {
    if (this.hardDeletes !== 'new_record') return { sql: 'true' };
    return { sql: `NOT ${prefix === undefined ? '' : `${prefix}.`}${quotedIdentifier(SCD_COLUMNS.isDeleted.name)}` };
  }

  /**
   * The current versions that mirror the latest applied snapshot: every current one, but
   * tombstones with new_record. With ignore, current versions of removed keys stay too: what
   * mirrors a snapshot there is told by `snapshotOnly`.
   */
  live(prefix?: string): Fragment {
    return { sql: `${prefix === undefined ? '' : `${prefix}.`}${quotedIdentifier(SCD_COLUMNS.isCurrent.name)} AND ${this.notDeleted(prefix).sql}` };
  }

  /**
   * What differs by mode in the apply and the full refresh. The change set compares the snapshot
   * with live versions only, so with new_record a rehire is new (its tombstone closes), and a key
   * already tombstoned is not removed again (dbt-adapters #654, #1240: duplicated tombstones).
   */
  private modeFragments(): Record<string, Fragment> {
    const ignore = this.hardDeletes === 'ignore';
    return {
      // Actions whose current version closes: with ignore, a removal closes nothing.
      close_actions: { sql: ignore ? "'C'" : "'C', 'R'" },
      // Full refresh: a version also starts and ends at a gap in the key's periods, but with
      // ignore, where it lasts until the key's next change.
      gap_starts: { sql: ignore ? '' : 'lag(__scd_idx) OVER w <> __scd_idx - 1 OR' },
      gap_stops: { sql: ignore ? '' : 'lead(__scd_idx) OVER w <> __scd_idx + 1 OR' },
      version_end: { sql: ignore ? 'lead(__scd_idx) OVER w' : '__scd_idx + 1' },
      // A full refresh's versions, beside its tombstones.
      not_a_tombstone: { sql: this.hardDeletes === 'new_record' ? `, false AS ${quotedIdentifier(SCD_COLUMNS.isDeleted.name)}` : '' },
    };
  }

  fragments(): Record<string, Fragment> {
    const c = SCD_COLUMNS;
    return {
      hash: this.trackedHash(),
      scd_id: q(c.scdId.name),
      valid_from: q(c.validFrom.name),
      valid_to: q(c.validTo.name),
      updated_at: q(c.updatedAt.name),
      is_current: q(c.isCurrent.name),
      is_deleted: q(c.isDeleted.name),
      scd_columns: { sql: this.roles.map((role) => quotedIdentifier(c[role].name)).join(', ') },
      live: this.live(),
      not_deleted: this.notDeleted(),
      t_not_deleted: this.notDeleted('t'),
      h_not_deleted: this.notDeleted('h'),
      ...this.modeFragments(),
      validity_type: { sql: c.validFrom.type },
      updated_type: { sql: c.updatedAt.type },
    };
  }
}
