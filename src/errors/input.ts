/** Errors about what the user gave: options, flag values, config files, the database file. */
import { badOption, list, option, ScdError, say } from './core.js';

// Options.
export const integerOutOfRange = (option: string, min: number, max: number, value: unknown) =>
  badOption(option, `must be an integer from ${min} to ${max}, got ${value}`);
export const notPositive = (option: string, value: unknown) => badOption(option, `must be positive, got ${value}`);
export const notPositiveInteger = (option: string, value: unknown) =>
  badOption(option, `must be a positive integer, got ${value}`);
export const notADate = (option: string, value: unknown) =>
  badOption(option, `must be a date YYYY-MM-DD, got ${value}`);
export const notOneOf = (option: string, allowed: readonly string[], value: unknown) =>
  badOption(option, `must be one of ${allowed.join(', ')}, got ${value}`);
export const notInteger = (option: string, value: unknown) => badOption(option, `must be an integer, got ${value}`);
export const exactlyOneOf = (a: string, b: string) =>
  new ScdError('OPTIONS_CONFLICT', say`give exactly one of ${option(a)} and ${option(b)}`);
export const periodDateNotHere = (date: string) =>
  new ScdError(
    'OPTIONS_CONFLICT',
    say`${option('emptyPeriodDate')} ${date} dates a period without rows, which only run applies`,
  );
export const onlyOneSelection = () =>
  new ScdError('OPTIONS_CONFLICT', say`give only one of ${option('period')}, ${option('years')} and ${option('all')}`);
export const noSelection = () =>
  new ScdError(
    'MISSING_OPTION',
    say`choose the periods to apply: ${option('period')} Y, ${option('years')} A-B or ${option('all')}`,
  );

// Flag values: the CLI hands these to commander as invalid arguments, which it reports (USAGE, exit 2).
export const usage = (message: string) => new ScdError('USAGE', message);
export const badFlagValue = {
  size: (text: string) => `not a memory size: ${text} (e.g. 2GB, 512MiB)`,
  sizeNotPositive: (text: string) => `memory size must be positive: ${text}`,
  sizeRange: (text: string, max: number) => `memory size out of range: ${text} (at most ${max} bytes)`,
  integer: (text: string) => `not an integer: ${text}`,
  integerRange: (text: string, max: number) => `integer out of range: ${text} (from -${max} to ${max})`,
  positive: (text: string) => `not a positive number: ${text}`,
  yearRange: (text: string) => `not a year range: ${text} (e.g. 2025-2030)`,
  yearRangeBackwards: (text: string) => `year range ends before it starts: ${text}`,
  emptyColumn: (text: string) => `empty column name in: ${text}`,
  keyPair: (text: string) => `not a key value or column=value pairs: ${text}`,
} as const;

// Config files.
export const configUnreadable = (path: string, reason: string) =>
  new ScdError('BAD_CONFIG', `cannot read config ${path}: ${reason}`);
export const configNotJson = (path: string, reason: string) =>
  new ScdError('BAD_CONFIG', `config ${path} is not valid JSON: ${reason}`);
export const configNotObject = (origin: string) =>
  new ScdError('BAD_CONFIG', `config ${origin}: expected a JSON object`);
export const configNotString = (origin: string, name: string) =>
  new ScdError('BAD_CONFIG', `config ${origin}: ${name} must be a non-empty string`);
export const configNotList = (origin: string, name: string) =>
  new ScdError('BAD_CONFIG', `config ${origin}: ${name} must be a non-empty array of column names`);
export const badMetaNames = (text: string) =>
  badOption('metaColumnNames', `must be pairs dbt_name=name separated by commas, got ${text}`);
export const metaNamesRepeat = (names: readonly string[]) =>
  badOption('metaColumnNames', `must leave the history's columns distinct, but ${list(names)} would name two`);
export const configUnknown = (origin: string, name: string) =>
  new ScdError('BAD_CONFIG', `config ${origin}: unknown setting ${name}`);
export const tableSettingEmpty = (name: string) => badOption(name, 'must not be empty');
export const configBothKeys = (origin: string) =>
  new ScdError('BAD_CONFIG', `config ${origin}: give keyColumn or keyColumns, not both`);

// The database file.
export const databaseMissing = (db: string) => new ScdError('DATABASE_MISSING', `database ${db} does not exist`);
export const notWritable = (what: string, path: string) =>
  new ScdError('NOT_WRITABLE', `${what} ${path} is not writable`);
/** `path` is the directory that could not be made or written: the one given, or one on its way. */
export const tempDirUnusable = (path: string, reason: string) => {
  const message = say`temp directory ${path} is not usable: ${reason}; name another with ${option('tempDirectory')}`;
  return new ScdError('NOT_WRITABLE', message);
};
export const databaseLocked = (db: string, cause: string) =>
  new ScdError('IN_USE', `database ${db} is in use by another process (a run may be in progress)`, cause);
export const corruptDatabase = (db: string, cause: string) =>
  new ScdError('CORRUPT_DATABASE', `database ${db} is corrupt: ${cause}`, cause);
const RAISE_LIMIT = say`raise ${option('memoryLimitBytes')} or lower ${option('workers')}`;
/** With the run's limit, the advice names the options that set it; elsewhere DuckDB's default limit was in force. */
export const outOfMemory = (limit: string | undefined, cause: string) =>
  limit === undefined
    ? new ScdError('OUT_OF_MEMORY', `out of memory: ${cause}`, cause)
    : new ScdError(
        'OUT_OF_MEMORY',
        say`out of memory under the memory limit ${limit}; ${RAISE_LIMIT}: ${cause}`,
        cause,
      );
export const diskFull = (cause: string) => new ScdError('DISK_FULL', `no space left on device: ${cause}`, cause);
export const spillFull = (dir: string, cause: string) =>
  new ScdError('DISK_FULL', `no space left on device for spill files in ${dir}: ${cause}`, cause);
export const notADatabase = (db: string, cause: string) =>
  new ScdError('NOT_A_DATABASE', `${db} is not a DuckDB database`, cause);
export const cannotOpen = (db: string, cause: string) =>
  new ScdError('CANNOT_OPEN_DATABASE', `cannot open database ${db}: ${cause}`, cause);
export const badTableName = (text: string) =>
  new ScdError(
    'INVALID_TABLE_NAME',
    `not a table name: ${text} (expected table, schema.table or catalog.schema.table)`,
  );
export const tableExists = (table: string, db: string) =>
  new ScdError('TABLE_EXISTS', say`table ${table} already exists in ${db} (use ${option('replace')})`);
export const optionsConflict = (a: string, b: string) =>
  new ScdError('OPTIONS_CONFLICT', say`${option(a)} and ${option(b)} exclude each other`);
/** `needed` must be given for `given` to mean anything. */
export const missingOption = (needed: string, given: string) =>
  new ScdError('MISSING_OPTION', say`${option(given)} needs ${option(needed)}`);
