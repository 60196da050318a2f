import { quotedIdentifier, quotedString } from '@duckdb/node-api';
import { type Fragment, fragment } from './template.js';

/** An identifier, quoted by @duckdb/node-api's own rule (double quotes, inner quotes doubled). */
export function ident(name: string): Fragment {
  return fragment(quotedIdentifier(name));
}

/** A string literal, only where DuckDB takes no parameter (COPY targets, read_parquet file lists). */
export function literal(value: string): Fragment {
  return fragment(quotedString(value));
}

/** `prefix."name"`, or `"name"` without a prefix. Prefixes are the templates' own table aliases. */
export function column(name: string, prefix?: string): string {
  return prefix === undefined ? quotedIdentifier(name) : `${prefix}.${quotedIdentifier(name)}`;
}
