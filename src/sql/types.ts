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

/**
 * Key types that survive the Parquet exchange between coordinator and workers exactly: the same
 * values, the same equality, the same hash (measured on DuckDB 1.5 for each). HUGEINT and UHUGEINT
 * come back as DOUBLE, BIT and ENUM as VARCHAR, TIMETZ and INTERVAL compare differently; nested
 * types are not keys. DECIMAL is listed by its base name.
 */
export const KEY_TYPES: ReadonlySet<string> = new Set([
  ...[...INTEGER_TYPES].filter((t) => t !== 'HUGEINT'),
  'BOOLEAN',
  'FLOAT',
  'DOUBLE',
  'DECIMAL',
  'VARCHAR',
  'BLOB',
  'UUID',
  'DATE',
  'TIME',
  'TIMESTAMP',
  'TIMESTAMP_S',
  'TIMESTAMP_MS',
  'TIMESTAMP_NS',
  'TIMESTAMP WITH TIME ZONE',
]);

/** `DECIMAL(5,2)` is a DECIMAL. */
export const baseType = (type: string): string => type.replace(/\(.*\)$/, '');

/** Internal column names in the templates start with this; no source column may. */
export const INTERNAL_PREFIX = '__scd_';
