import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SQL_DIR } from '../paths.js';
import type { TemplateName } from './templates.js';

/**
 * SQL text made here from specs (quoted identifiers, column lists, join conditions), never from
 * raw input. A private member makes the class nominal: an object literal `{ sql }` is no
 * Fragment. The SQL module exports the type only (src/sql/index.ts), so nothing outside it can
 * make one (test/sql/boundary.test.ts keeps imports of the module to its index).
 */
export class Fragment {
  declare private readonly fragment: never;
  constructor(readonly sql: string) {}
}

/**
 * A whole statement, rendered from a template: what the database functions (src/db/) take, with
 * its values bound as `$name` parameters beside it. Nominal, and made only here, as Fragment.
 */
export class Statement {
  declare private readonly statement: never;
  constructor(readonly text: string) {}
}

export type Fragments = Readonly<Record<string, Fragment>>;

export const fragment = (sql: string): Fragment => new Fragment(sql);

/** A statement's text as a relation to read from. */
export const subquery = (statement: Statement): Fragment => fragment(`(${statement.text})`);

const cache = new Map<string, string>();

function load(name: TemplateName): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(join(SQL_DIR, `${name}.sql`), 'utf8');
    cache.set(name, text);
  }
  return text;
}

/**
 * The template `name` with each `{{key}}` replaced: from `fragments`, which the template must use
 * every one of, else from `vocabulary` (a history's fragments, the ledger's names), of which a
 * template takes what it needs. A placeholder neither gives fails, and so does a fragment the
 * template does not use: a statement never silently leaves out what its caller meant it to hold.
 */
function render(name: TemplateName, fragments: Fragments, vocabulary: Fragments): string {
  const unused = new Set(Object.keys(fragments));
  const text = load(name).replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => {
    unused.delete(key);
    const found = fragments[key] ?? vocabulary[key];
    if (found === undefined) throw new Error(`sql template ${name}: no fragment for {{${key}}}`);
    return found.sql;
  });
  if (unused.size > 0) {
    throw new Error(`sql template ${name}: no {{${[...unused].join('}}, {{')}}} to take the fragment`);
  }
  return text;
}

/** A statement from a template; see render. */
export function statement(name: TemplateName, fragments: Fragments = {}, vocabulary: Fragments = {}): Statement {
  return new Statement(render(name, fragments, vocabulary));
}

/** Part of a statement from a template (a relation, a condition); see render. */
export function templateFragment(name: TemplateName, fragments: Fragments = {}, vocabulary: Fragments = {}): Fragment {
  return fragment(render(name, fragments, vocabulary));
}
