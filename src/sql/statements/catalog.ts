import { BOOKKEEPING } from '../history-spec.js';
import { ident, literal } from '../quote.js';
import type { TableName } from '../table-name.js';
import { type Fragment, fragment, statement } from '../template.js';

/** Transactions and storage: the session's own statements. */
export const sessionStatements = {
  begin: () => statement('session/begin'),
  commit: () => statement('session/commit'),
  rollback: () => statement('session/rollback'),
  checkpoint: () => statement('session/checkpoint'),
  timezoneUtc: () => statement('session/timezone_utc'),
};

/** The database's catalog: what is there, and the tables, schemas and macros the engine makes or drops. */
export const catalogStatements = {
  describe: () => statement('catalog/describe'),
  currentCatalog: () => statement('catalog/current_catalog'),
  relationKind: () => statement('catalog/relation_kind'),
  schemaCreate: (schema: Fragment) => statement('catalog/schema_create', { schema }),
  tableDrop: (table: TableName | string) =>
    statement('catalog/table_drop', { table: typeof table === 'string' ? ident(table) : table.sql }),
  tableRename: (table: TableName, name: string) =>
    statement('catalog/table_rename', { table: table.sql, name: ident(name) }),
  tableMark: (table: TableName, mark: string | null) =>
    statement('catalog/table_mark', { table: table.sql, mark: mark === null ? fragment('NULL') : literal(mark) }),
  functionsNamed: () => statement('catalog/functions_named'),
  relationCount: (relation: Fragment) => statement('catalog/relation_count', { relation }),
  relationHead: (relation: Fragment, rows: number) => {
    if (!Number.isInteger(rows) || rows < 0) throw new Error(`bad row count ${rows}`);
    return statement('catalog/relation_head', { relation, limit: fragment(String(rows)) });
  },
};

/**
 * The statements that tell the engine's tables from a user's, and where a history may be created
 * (src/history/ownership.ts, target-place.ts), and that take back what a failed first run made.
 */
export const ownershipStatements = {
  databases: () => statement('catalog/databases'),
  reservedSchemas: () => statement('catalog/reserved_schemas'),
  schemaExists: () => statement('catalog/schema_exists'),
  schemaDrop: (schema: Fragment) => statement('catalog/schema_drop', { schema }),
  macroDrop: (macro: TableName) => statement('catalog/macro_drop', { macro: macro.sql }),
  historiesMark: () => statement('ledger/histories_mark', { histories: BOOKKEEPING.histories.sql }),
};
