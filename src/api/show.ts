import type { DuckDBConnection } from '@duckdb/node-api';
import { describeRelation } from '../db/catalog.js';
import { allJson, one } from '../db/database.js';
import { keyColumnsNotGiven, keyNotCastable, keyNotFound } from '../errors/index.js';
import { withReadOnlyHistory } from '../history/read-only.js';
import { type HistorySpec, sql } from '../sql/index.js';
import type { CheckOptions } from './check.js';

export const SHOW_REPORT_VERSION = 1;

export interface ShowOptions extends CheckOptions {
  /** The key: its value, for a one-column key, or a value for each key column by name; values as text. */
  readonly key: string | Readonly<Record<string, string>>;
}

/**
 * new: the key's first version; changed: it follows the one it closed; returned: after a gap or a
 * tombstone; deleted: a tombstone (hard deletes new_record).
 */
export type VersionKind = 'new' | 'changed' | 'returned' | 'deleted';

export interface KeyVersion {
  readonly validFrom: string;
  /** null while the version is open (whether NULL or validToCurrent marks it). */
  readonly validTo: string | null;
  readonly current: boolean;
  readonly kind: VersionKind;
  /** The tracked columns whose value differs from the version before; none for new and deleted. */
  readonly changed: readonly string[];
  /** The tracked values, as JSON values (BIGINT, HUGEINT and DECIMAL as text). */
  readonly values: Readonly<Record<string, unknown>>;
}

export interface ShowReport {
  readonly schemaVersion: typeof SHOW_REPORT_VERSION;
  readonly targetTable: string;
  /** The key's stored values by column, as JSON values like `values`. */
  readonly key: Readonly<Record<string, unknown>>;
  readonly trackedColumns: readonly string[];
  readonly versions: readonly KeyVersion[];
}

/** The key's values in key column order: a one-column key takes a bare value, any key its columns by name. */
function keyValues(spec: HistorySpec, key: ShowOptions['key']): string[] {
  const columns = spec.key.columns;
  if (typeof key === 'string') {
    if (columns.length !== 1) throw keyColumnsNotGiven(columns, key);
    return [key];
  }
  const given = new Map(Object.entries(key).map(([c, v]) => [c.toLowerCase(), v]));
  const values = columns.map((c) => given.get(c.toLowerCase()));
  const text = Object.entries(key)
    .map(([c, v]) => `${c}=${v}`)
    .join(',');
  if (given.size !== columns.length || values.some((v) => v === undefined)) throw keyColumnsNotGiven(columns, text);
  return values as string[];
}

/** The key columns' types as the history stores them: the source may be gone. */
async function keyTypes(connection: DuckDBConnection, spec: HistorySpec): Promise<string[]> {
  const stored = new Map((await describeRelation(connection, spec.target))?.map((c) => [c.name.toLowerCase(), c.type]));
  return spec.key.columns.map((c) => {
    const type = stored.get(c.toLowerCase());
    // The recorded key is the history's own: a history without it was altered by hand.
    if (type === undefined) throw new Error(`key column ${c} is not a column of ${spec.target.text}`);
    return type;
  });
}

type VersionRow = Record<string, unknown> & {
  valid_from: string;
  valid_to: string | null;
  open: boolean;
  kind: VersionKind;
  changed: boolean[];
};

/** `scd-parallel show`: one key's versions in order, what each changed; read-only. */
export async function showKey(options: ShowOptions): Promise<ShowReport> {
  return withReadOnlyHistory(options, async (connection, spec) => {
    const values = keyValues(spec, options.key);
    const types = await keyTypes(connection, spec);
    const params = spec.key.valueParams(values);
    const { uncastable } = await one<{ uncastable: boolean[] }>(connection, sql.keyUncastable(spec, types), params);
    const refused = uncastable.indexOf(true);
    if (refused >= 0) {
      throw keyNotCastable(spec.key.columns[refused] as string, values[refused] as string, types[refused] as string);
    }
    const rows = (await allJson(connection, sql.keyVersions(spec, types), params)) as VersionRow[];
    const text = values.length === 1 ? (values[0] as string) : `(${values.join(', ')})`;
    if (rows.length === 0) throw keyNotFound(spec.target.text, text);
    const tracked = spec.config.trackedColumns;
    return {
      schemaVersion: SHOW_REPORT_VERSION,
      targetTable: spec.target.text,
      key: Object.fromEntries(spec.key.columns.map((c, i) => [c, rows[0]?.[`k${i}`]])),
      trackedColumns: tracked,
      versions: rows.map((r) => ({
        validFrom: r.valid_from,
        validTo: r.valid_to,
        current: r.open,
        kind: r.kind,
        changed: r.kind === 'changed' || r.kind === 'returned' ? tracked.filter((_, i) => r.changed[i]) : [],
        values: Object.fromEntries(tracked.map((c, i) => [c, r[`__h_${i}`]])),
      })),
    };
  });
}

/** A key worth showing (the first of those with the most versions), each key column's value as text; read-only. */
export async function exampleKey(options: CheckOptions): Promise<Readonly<Record<string, string>>> {
  return withReadOnlyHistory(options, async (connection, spec) => {
    const row = await one<Record<string, string>>(connection, sql.exampleKey(spec));
    return Object.fromEntries(spec.key.columns.map((c, i) => [c, String(row[`k${i}`])]));
  });
}
