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
} as const;

const ORDER = ['recordHash', 'scdId', 'validFrom', 'validTo', 'updatedAt', 'isCurrent'] as const;

export const SCD_COLUMN_NAMES: readonly string[] = ORDER.map((c) => SCD_COLUMNS[c].name);

const q = (name: string): Fragment => ({ sql: quotedIdentifier(name) });

/**
 * A history table: the source's columns, then the SCD columns. record_hash and dbt_scd_id are
 * VIRTUAL: computed when read, never stored. Storing them cost a third of the insert time (1.01 s
 * against 0.66 s for 1.15M versions), and a derived hash cannot go stale when DuckDB's hash()
 * changes between versions.
 */
export class HistorySchema {
  constructor(
    private readonly key: KeySpec,
    readonly trackedColumns: readonly string[],
  ) {}

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
    const scd = ORDER.map((role) => {
      const { name, type } = c[role];
      const expression = generated[name];
      return `${quotedIdentifier(name)} ${type}${expression === undefined ? '' : ` GENERATED ALWAYS AS (${expression}) VIRTUAL`}`;
    });
    return { sql: [...source.map((s) => `${quotedIdentifier(s.name)} ${s.type}`), ...scd].join(',\n  ') };
  }

  /** `name TYPE` of every column an existing history must have, in order. */
  expectedShape(source: readonly Column[]): string[] {
    return [...source.map((s) => `${s.name} ${s.type}`), ...ORDER.map((role) => `${SCD_COLUMNS[role].name} ${SCD_COLUMNS[role].type}`)];
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
      validity_type: { sql: c.validFrom.type },
      updated_type: { sql: c.updatedAt.type },
    };
  }
}
