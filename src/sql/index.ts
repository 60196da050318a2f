import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SQL_DIR } from '../paths.js';

/**
 * The one place SQL text is built. Templates live in sql/*.sql; a `{{name}}` placeholder takes a
 * fragment made here (quoted identifiers, column lists, hash expressions), never raw input.
 * Values are bound as `$name` parameters by the caller.
 */
export type Fragment = { readonly sql: string };

const cache = new Map<string, string>();

function load(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(join(SQL_DIR, `${name}.sql`), 'utf8');
    cache.set(name, text);
  }
  return text;
}

export function render(name: string, fragments: Record<string, Fragment> = {}): string {
  return load(name).replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => {
    const fragment = fragments[key];
    if (fragment === undefined) throw new Error(`sql template ${name}: no fragment for {{${key}}}`);
    return fragment.sql;
  });
}

export function ident(name: string): Fragment {
  return { sql: `"${name.replaceAll('"', '""')}"` };
}

/** Only for places DuckDB takes no parameter (COPY targets, read_parquet file lists, PRAGMA-like settings). */
export function literal(value: string): Fragment {
  return { sql: `'${value.replaceAll("'", "''")}'` };
}

export function raw(sql: string): Fragment {
  return { sql };
}

export function joinFragments(parts: readonly Fragment[], separator = ', '): Fragment {
  return { sql: parts.map((p) => p.sql).join(separator) };
}

export function identList(names: readonly string[], prefix?: string): Fragment {
  const qualifier = prefix === undefined ? '' : `${ident(prefix).sql}.`;
  return joinFragments(names.map((n) => ({ sql: qualifier + ident(n).sql })));
}

/** Column definitions `"name" TYPE`, with types as DuckDB itself reported them. */
export function columnDefinitions(columns: ReadonlyArray<{ name: string; type: string }>): Fragment {
  return { sql: columns.map((c) => `${ident(c.name).sql} ${c.type}`).join(',\n  ') };
}

export function fileList(paths: readonly string[]): Fragment {
  return { sql: `[${paths.map((p) => literal(p).sql).join(', ')}]` };
}

/**
 * record_hash: DuckDB's hash() over the tracked columns, a UBIGINT. It hashes each value and
 * combines them in order, so NULL, '' and 0 differ, and ('ab', '') differs from ('a', 'b'). It is
 * 20x cheaper than md5 over a text encoding (0.014 s against 0.3 s for 1.15M rows, measured). It
 * may change between DuckDB versions, so it is never stored: both sides of a comparison are
 * hashed by the running DuckDB. Change detection compares within one key, so a 64-bit collision
 * (p ~ 2^-64 per changed row) is the only way to miss a change.
 */
export function recordHash(columns: readonly string[], prefix?: string): Fragment {
  const qualifier = prefix === undefined ? '' : `${ident(prefix).sql}.`;
  return { sql: `hash(${columns.map((c) => qualifier + ident(c).sql).join(', ')})` };
}

/** Hash-range chunking: the top 32 bits of hash(key) scaled onto [0, chunks). */
export function chunkOf(keyColumn: string, chunks: number, prefix?: string): Fragment {
  const qualifier = prefix === undefined ? '' : `${ident(prefix).sql}.`;
  if (!Number.isInteger(chunks) || chunks < 1) throw new Error(`bad chunk count ${chunks}`);
  return { sql: `CAST(((hash(${qualifier}${ident(keyColumn).sql}) >> 32) * ${chunks}) >> 32 AS INTEGER)` };
}

/**
 * Reconciliation compares tracked values column by column (not by hash), so a wrong hash can't
 * hide a wrong value: the snapshot side as __t_i, the history side as __h_i, and a null-safe test.
 */
export function trackedComparison(columns: readonly string[]): {
  snapshot: Fragment;
  history: Fragment;
  differs: Fragment;
} {
  const snapshot = columns.map((c, i) => `s.${ident(c).sql} AS __t_${i}`).join(', ');
  const history = columns.map((c, i) => `h.${ident(c).sql} AS __h_${i}`).join(', ');
  const differs = columns.map((_, i) => `__t_${i} IS DISTINCT FROM __h_${i}`).join(' OR ');
  return { snapshot: raw(snapshot), history: raw(history), differs: raw(`(${differs})`) };
}
