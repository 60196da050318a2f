/** DuckDB type names as duckdb_columns() prints them, for the source's role checks. */
export const INTEGER_TYPES: ReadonlySet<string> = new Set([
  'TINYINT',
  'SMALLINT',
  'INTEGER',
  'BIGINT',
  'UTINYINT',
  'USMALLINT',
  'UINTEGER',
  'UBIGINT',
  'HUGEINT',
]);

export const DATE_TYPE = 'DATE';

/** Internal column names in the templates start with this; no source column may. */
export const INTERNAL_PREFIX = '__scd_';
