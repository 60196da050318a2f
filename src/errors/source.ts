/** Errors about the source: its columns, their types and collations, its files or view, its keys. */
import { bad, excerpt, list, typeName } from './core.js';

export const sourceMissing = (table: string) => bad(`source table ${table} does not exist`);
export const sourceFilesMissing = (glob: string) => bad(`source files ${glob} match no file`);
export const columnMissing = (role: string, column: string, table: string, columns: readonly string[]) =>
  bad(`${role} column ${column} is missing from ${table} (columns: ${list(columns)})`);
export const keyTypeUnsupported = (column: string, type: string) =>
  bad(
    `key column ${column} has type ${typeName(type)}, which the exchange with workers cannot carry exactly; ` +
      'cast it in a view (to VARCHAR, say)',
  );
export const periodNotInteger = (column: string, type: string) =>
  bad(`period column ${column} must be an integer type, got ${typeName(type)}`);
export const effectiveDateNotDate = (column: string, type: string) =>
  bad(`effective-date column ${column} must be DATE, got ${typeName(type)}`);
export const trackedHasRole = (column: string) => bad(`tracked column ${column} is also the key, period or effective-date column`);
export const columnsRepeat = (what: string, columns: readonly string[]) =>
  bad(`${what} repeat a name: ${list(columns)}`);
export const clashesWithHistory = (column: string) => bad(`source column ${column} clashes with a history column`);
export const reservedPrefix = (column: string, prefix: string) =>
  bad(`source column ${column} starts with ${prefix}, which is reserved for the engine's internal names`);
export const sameTable = (table: string) => bad(`source and target are the same table ${table}`);
export const nullKey = (key: string, composite: boolean, rows: number, period: number) =>
  bad(`${composite ? `a key column of ${key}` : key} is NULL in ${rows} rows of period ${period}`);
export const repeatedKeys = (key: string, sample: readonly string[]) =>
  bad(`${key} repeats within a period: ${list(sample)}`);
export const keyHasRole = (column: string, role: 'period' | 'effective-date') =>
  bad(
    `key column ${column} is also the ${role} column: each period's rows would be new keys, never new versions ` +
      'of earlier ones; leave it out of the key',
  );
export const trackedTypeInexact = (column: string, type: string, part: string) =>
  bad(
    `tracked column ${column} has type ${typeName(type)}${part === type ? '' : `, holding ${typeName(part)}`}, ` +
      'whose values scd-parallel cannot compare exactly; cast it in a view (to JSON, say)',
  );
/** A collation makes text compare other than byte for byte: the exchange, the hashes and check would disagree. */
export const collated = (role: 'key' | 'tracked', column: string, collation: string, byDefault: boolean) =>
  bad(
    `${role} column ${column} has collation ${collation}${byDefault ? " (the database's default_collation)" : ''}, ` +
      `which scd-parallel cannot honour: it compares text byte for byte; ` +
      (byDefault ? 'reset default_collation' : `select ${column} COLLATE c in a view`),
  );
const HIVE_MISMATCH = /^Hive partition mismatch/i;
const HIVE_ADVICE = '; a glob must match only hive-partitioned files (in key=value directories) or only other files';
/** DuckDB could not read the source: a file that is not Parquet, files of two layouts, a view over a dropped table. */
export const sourceUnreadable = (what: string, cause: string) =>
  bad(`${what} cannot be read: ${excerpt(cause)}${HIVE_MISMATCH.test(cause) ? HIVE_ADVICE : ''}`);
export const sourceRowsUnreadable = (view: string, period: number, cause: string) =>
  bad(`source view ${view} cannot be read in period ${period}: ${excerpt(cause)}; nothing was applied`);
