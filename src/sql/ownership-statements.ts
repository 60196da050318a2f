import { BOOKKEEPING } from './history-spec.js';
import type { TableName } from './table-name.js';
import { type Fragment, render } from './template.js';

/**
 * The statements that tell the engine's tables from a user's, and where a history may be created
 * (src/history/ownership.ts, target-place.ts), and that take back what a failed first run made.
 * Kept apart from statements.ts, which is large enough; `sql` spreads them in.
 */
export const ownershipSql = {
  databases: () => render('databases'),
  reservedSchemas: () => render('reserved_schemas'),
  schemaExists: () => render('schema_exists'),
  schemaDrop: (schema: Fragment) => render('schema_drop', { schema }),
  macroDrop: (macro: TableName) => render('macro_drop', { macro: macro.sql }),
  historiesMark: () => render('histories_mark', { histories: BOOKKEEPING.histories.sql }),
};
