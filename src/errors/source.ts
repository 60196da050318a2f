/** Errors about the source: its columns, their types and collations, its files or view, its keys. */
import { excerpt, list, ScdError, typeName } from './core.js';

export const sourceMissing = (table: string) => new ScdError('SOURCE_MISSING', `source table ${table} does not exist`);
export const sourceFilesMissing = (glob: string) =>
  new ScdError('SOURCE_MISSING', `source files ${glob} match no file`);
export const columnMissing = (role: string, column: string, table: string, columns: readonly string[]) =>
  new ScdError('COLUMN_MISSING', `${role} column ${column} is missing from ${table} (columns: ${list(columns)})`);
export const keyTypeUnsupported = (column: string, type: string) =>
  new ScdError(
    'UNSUPPORTED_COLUMN_TYPE',
    `key column ${column} has type ${typeName(type)}, which the exchange with workers cannot carry exactly; ` +
      'cast it in a view (to VARCHAR, say)',
  );
export const periodNotInteger = (column: string, type: string) =>
  new ScdError('UNSUPPORTED_COLUMN_TYPE', `period column ${column} must be an integer type, got ${typeName(type)}`);
export const effectiveDateNotDate = (column: string, type: string) =>
  new ScdError('UNSUPPORTED_COLUMN_TYPE', `effective-date column ${column} must be DATE, got ${typeName(type)}`);
export const trackedHasRole = (column: string) =>
  new ScdError('COLUMN_CONFLICT', `tracked column ${column} is also the key, period or effective-date column`);
export const columnsRepeat = (what: string, columns: readonly string[]) =>
  new ScdError('COLUMN_CONFLICT', `${what} repeat a name: ${list(columns)}`);
export const clashesWithHistory = (column: string) =>
  new ScdError('COLUMN_CONFLICT', `source column ${column} clashes with a history column`);
export const reservedPrefix = (column: string, prefix: string) =>
  new ScdError(
    'COLUMN_CONFLICT',
    `source column ${column} starts with ${prefix}, which is reserved for the engine's internal names`,
  );
export const sameTable = (table: string) =>
  new ScdError('SOURCE_IS_TARGET', `source and target are the same table ${table}`);
export const nullKey = (key: string, composite: boolean, rows: number, period: number) =>
  new ScdError(
    'INVALID_KEYS',
    `${composite ? `a key column of ${key}` : key} is NULL in ${rows} rows of period ${period}`,
  );
export const repeatedKeys = (key: string, sample: readonly string[]) =>
  new ScdError('INVALID_KEYS', `${key} repeats within a period: ${list(sample)}`);
export const keyHasRole = (column: string, role: 'period' | 'effective-date') =>
  new ScdError(
    'COLUMN_CONFLICT',
    `key column ${column} is also the ${role} column: each period's rows would be new keys, never new versions ` +
      'of earlier ones; leave it out of the key',
  );
export const trackedTypeInexact = (column: string, type: string, part: string) =>
  new ScdError(
    'UNSUPPORTED_COLUMN_TYPE',
    `tracked column ${column} has type ${typeName(type)}${part === type ? '' : `, holding ${typeName(part)}`}, ` +
      'whose values scd-parallel cannot compare exactly; cast it in a view (to JSON, say)',
  );
/** A collation makes text compare other than byte for byte: the exchange, the hashes and check would disagree. */
export const collated = (role: 'key' | 'tracked', column: string, collation: string, byDefault: boolean) =>
  new ScdError(
    'UNSUPPORTED_COLUMN_TYPE',
    `${role} column ${column} has collation ${collation}${byDefault ? " (the database's default_collation)" : ''}, ` +
      `which scd-parallel cannot honour: it compares text byte for byte; ` +
      (byDefault ? 'reset default_collation' : `select ${column} COLLATE c in a view`),
  );
const HIVE_MISMATCH = /^Hive partition mismatch/i;
const HIVE_ADVICE = '; a glob must match only hive-partitioned files (in key=value directories) or only other files';
/** DuckDB could not read the source: a file that is not Parquet, files of two layouts, a view over a dropped table. */
export const sourceUnreadable = (what: string, cause: string) =>
  new ScdError(
    'SOURCE_UNREADABLE',
    `${what} cannot be read: ${excerpt(cause)}${HIVE_MISMATCH.test(cause) ? HIVE_ADVICE : ''}`,
  );
export const sourceRowsUnreadable = (view: string, period: number, cause: string) =>
  new ScdError(
    'SOURCE_UNREADABLE',
    `source view ${view} cannot be read in period ${period}: ${excerpt(cause)}; nothing was applied`,
  );
