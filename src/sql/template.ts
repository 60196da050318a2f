import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SQL_DIR } from '../paths.js';

/**
 * SQL text made here from specs (quoted identifiers, column lists, join conditions), never from
 * raw input. Templates live in sql/*.sql; a `{{name}}` placeholder takes one fragment. Values are
 * bound as `$name` parameters by the caller.
 */
export type Fragment = { readonly sql: string };
export type Fragments = Readonly<Record<string, Fragment>>;

const cache = new Map<string, string>();

function load(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(join(SQL_DIR, `${name}.sql`), 'utf8');
    cache.set(name, text);
  }
  return text;
}

export function render(name: string, fragments: Fragments = {}): string {
  return load(name).replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => {
    const fragment = fragments[key];
    if (fragment === undefined) throw new Error(`sql template ${name}: no fragment for {{${key}}}`);
    return fragment.sql;
  });
}

export function fragment(sql: string): Fragment {
  return { sql };
}
