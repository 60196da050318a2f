import { quotedIdentifier } from '@duckdb/node-api';
import { badTableName } from '../errors/index.js';
import { type Fragment, fragment } from './template.js';

/**
 * A table named `table`, `schema.table` or `catalog.schema.table`; a part may be double-quoted to
 * hold a dot. DuckDB resolves names case-insensitively, quoted or not, so comparisons do too.
 */
export class TableName {
  private constructor(
    readonly parts: readonly string[],
    /** As the user wrote it, for messages. */
    readonly text: string,
  ) {}

  static parse(text: string): TableName {
    const parts: string[] = [];
    const pattern = /\s*(?:"((?:[^"]|"")*)"|([^".]+?))\s*(\.|$)/y;
    let at = 0;
    while (at < text.length) {
      pattern.lastIndex = at;
      const match = pattern.exec(text);
      if (match === null) throw badTableName(text);
      const part = match[1] !== undefined ? match[1].replaceAll('""', '"') : (match[2] ?? '');
      if (part === '') throw badTableName(text);
      parts.push(part);
      at = pattern.lastIndex;
      if (match[3] === '.' && at === text.length) throw badTableName(text);
    }
    if (parts.length < 1 || parts.length > 3) throw badTableName(text);
    return new TableName(parts, text);
  }

  get table(): string {
    return this.parts[this.parts.length - 1] as string;
  }

  get schema(): string | null {
    return this.parts.length >= 2 ? (this.parts[this.parts.length - 2] as string) : null;
  }

  get catalog(): string | null {
    return this.parts.length === 3 ? (this.parts[0] as string) : null;
  }

  /** The parts as a name to record and parse again: a part is quoted only where it must be. */
  get name(): string {
    return this.nameQuoting(() => false);
  }

  /** As `name`, with the parts `quoted` also says must be quoted (for a reader with rules of its own). */
  nameQuoting(quoted: (part: string, index: number) => boolean): string {
    const bare = (p: string, i: number) => /^[^."\s][^."]*(?<!\s)$/.test(p) && !quoted(p, i);
    return this.parts.map((p, i) => (bare(p, i) ? p : quotedIdentifier(p))).join('.');
  }

  /** Quoted per part. */
  get sql(): Fragment {
    return fragment(this.parts.map(quotedIdentifier).join('.'));
  }

  /** The schema, quoted per part with its catalog; null when the name gives none. */
  get schemaSql(): Fragment | null {
    return this.parts.length < 2 ? null : fragment(this.parts.slice(0, -1).map(quotedIdentifier).join('.'));
  }

  /**
   * The ledger's key: lower case, each part quoted (so `"a.b".c` and `a."b.c"` differ), schema
   * `main` when none is given. Names are first taken `within` the database's own catalog.
   */
  get canonical(): string {
    return [...(this.catalog === null ? [] : [this.catalog]), this.schema ?? 'main', this.table]
      .map((p) => quotedIdentifier(p.toLowerCase()))
      .join('.');
  }

  /** The same table, without its catalog part when that is `catalog` (the database's own), which is the default. */
  within(catalog: string): TableName {
    if (this.catalog === null || this.catalog.toLowerCase() !== catalog.toLowerCase()) return this;
    return new TableName(this.parts.slice(1), this.text);
  }

  /**
   * The same table with its schema, `main` when none is given (as in `canonical`): a name that
   * must resolve alike wherever it is used, such as in a macro, which resolves names where it is
   * called, not where it was created.
   */
  inSchema(): TableName {
    return this.schema !== null ? this : new TableName(['main', this.table], this.text);
  }

  /** The same table in `catalog`, in schema `main` when the name gives none. */
  inCatalog(catalog: string): TableName {
    const named = this.inSchema();
    return new TableName([catalog, ...named.parts.slice(-2)], this.text);
  }

  /** A table (or macro) beside this one, in the same catalog and schema. */
  sibling(table: string): TableName {
    const parts = [...this.parts.slice(0, -1), table];
    return new TableName(parts, new TableName(parts, table).name);
  }

  /** Parameters of the catalog lookups ($catalog, $schema, $table); NULL means the current one. */
  get lookup(): { catalog: string | null; schema: string | null; table: string } {
    return { catalog: this.catalog, schema: this.schema, table: this.table };
  }

  sameAs(other: TableName): boolean {
    return this.canonical === other.canonical;
  }

  toString(): string {
    return this.text;
  }
}
