import { quotedIdentifier } from '@duckdb/node-api';
import { column } from './quote.js';
import { type Fragment, fragment } from './template.js';

const f = fragment;

/**
 * The business key: 1..n columns. Between coordinator and workers each key column travels under a
 * positional name (k0, k1, ...) with its own type, never concatenated, so ('a|b', 'c') and
 * ('a', 'b|c') stay two keys. Prefixes are the templates' table aliases.
 */
export class KeySpec {
  readonly columns: readonly string[];

  constructor(columns: readonly string[]) {
    if (columns.length === 0) throw new Error('a key needs at least one column');
    this.columns = [...columns];
  }

  /** A key known only by its exchange columns (k0..k{n-1}): what a worker sees. */
  static exchange(columns: number): KeySpec {
    return new KeySpec(Array.from({ length: columns }, (_, i) => `k${i}`));
  }

  get composite(): boolean {
    return this.columns.length > 1;
  }

  /** For messages: `employee_id`, or `(scenario_id, employee_id)`. */
  get label(): string {
    return this.composite ? `(${this.columns.join(', ')})` : (this.columns[0] as string);
  }

  private map(fn: (name: string, i: number) => string, separator: string): Fragment {
    return f(this.columns.map(fn).join(separator));
  }

  /** `"a", "b"` or `p."a", p."b"`. */
  list(prefix?: string): Fragment {
    return this.map((c) => column(c, prefix), ', ');
  }

  /** The exchange names `k0, k1` (or `p.k0, p.k1`). */
  exchangeList(prefix?: string): Fragment {
    return this.map((_, i) => (prefix === undefined ? `k${i}` : `${prefix}.k${i}`), ', ');
  }

  /** `p."a" AS k0, p."b" AS k1`. */
  asExchange(prefix?: string): Fragment {
    return this.map((c, i) => `${column(c, prefix)} AS k${i}`, ', ');
  }

  /** `CAST(NULL AS T0) AS k0, ...`: an exchange relation's key columns when it has no file. */
  emptyExchange(types: readonly string[]): Fragment {
    return this.map((_, i) => `CAST(NULL AS ${types[i] ?? 'VARCHAR'}) AS k${i}`, ', ');
  }

  /** `l.k0 = r.k0 AND ...`: two exchange relations. */
  exchangeJoin(left: string, right: string): Fragment {
    return this.map((_, i) => `${left}.k${i} = ${right}.k${i}`, ' AND ');
  }

  /** `coalesce(l.k0, r.k0) AS k0, ...`: the key of a full outer join of two exchange relations. */
  exchangeCoalesce(left: string, right: string): Fragment {
    return this.map((_, i) => `coalesce(${left}.k${i}, ${right}.k${i}) AS k${i}`, ', ');
  }

  /** `t."a" = c.k0 AND ...`: a table's key against an exchange relation's. */
  matchesExchange(prefix: string, exchange: string): Fragment {
    return this.map((c, i) => `${column(c, prefix)} = ${exchange}.k${i}`, ' AND ');
  }

  /** `l."a" = r."a" AND ...`: two relations with the key's own columns. */
  equals(left: string, right: string): Fragment {
    return this.map((c) => `${column(c, left)} = ${column(c, right)}`, ' AND ');
  }

  /** True when any key column is NULL. */
  anyNull(prefix?: string): Fragment {
    return f(`(${this.columns.map((c) => `${column(c, prefix)} IS NULL`).join(' OR ')})`);
  }

  /** One value per key, for count(DISTINCT ...): the column, or a row of the columns. */
  tuple(prefix?: string): Fragment {
    return this.composite ? f(`(${this.list(prefix).sql})`) : this.list(prefix);
  }

  /**
   * `TRY_CAST($key_0 AS T0) IS NULL, ...`: a key given as text, each value bound as $key_i, which
   * the key columns' types (`types`, as the catalog names them) refuse. A list, one per column.
   */
  uncastable(types: readonly string[]): Fragment {
    return f(`[${this.columns.map((_, i) => `TRY_CAST($key_${i} AS ${this.typeOf(types, i)}) IS NULL`).join(', ')}]`);
  }

  /** `p."a" = TRY_CAST($key_0 AS T0) AND ...`: the rows of the key given as text, as in `uncastable`. */
  matchesValues(prefix: string, types: readonly string[]): Fragment {
    return this.map((c, i) => `${column(c, prefix)} = TRY_CAST($key_${i} AS ${this.typeOf(types, i)})`, ' AND ');
  }

  /** The parameters of `uncastable` and `matchesValues`: the key's values as text, in column order. */
  valueParams(values: readonly string[]): Record<string, string> {
    return Object.fromEntries(values.map((v, i) => [`key_${i}`, v]));
  }

  private typeOf(types: readonly string[], i: number): string {
    const type = types[i];
    if (type === undefined) throw new Error(`the type of key column ${this.columns[i]} is not known`);
    return type;
  }

  /** hash of the whole key, for chunking. */
  exchangeHash(): Fragment {
    return f(`hash(${this.exchangeList().sql})`);
  }

  /** The key as text for samples: `E1`, or `(s1, E1)`; NULL parts print as NULL. */
  display(prefix?: string, exchange = false): Fragment {
    const part = (c: string, i: number) =>
      exchange ? (prefix === undefined ? `k${i}` : `${prefix}.k${i}`) : column(c, prefix);
    const parts = this.columns.map((c, i) => `coalesce(CAST(${part(c, i)} AS VARCHAR), 'NULL')`).join(" || ', ' || ");
    return f(this.composite ? `('(' || ${parts} || ')')` : parts);
  }

  /**
   * dbt_scd_id's key part. One column: its text, as before. Several: each part's text with `\`
   * and `|` escaped, joined by `|`, so that the id stays unique and deterministic.
   */
  scdIdPart(): Fragment {
    if (!this.composite) return f(`CAST(${quotedIdentifier(this.columns[0] as string)} AS VARCHAR)`);
    const escaped = this.columns.map(
      (c) => `replace(replace(CAST(${quotedIdentifier(c)} AS VARCHAR), '\\', '\\\\'), '|', '\\|')`,
    );
    return f(escaped.join(" || '|' || "));
  }
}
