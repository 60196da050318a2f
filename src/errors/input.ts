/** Errors about what the user gave: options, flag values, config files, the database file. */
import { ExitCode, ScdError, bad, badOption, list } from './core.js';

// Options.
export const integerOutOfRange = (option: string, min: number, max: number, value: unknown) =>
  badOption(option, `must be an integer from ${min} to ${max}, got ${value}`);
export const notPositive = (option: string, value: unknown) => badOption(option, `must be positive, got ${value}`);
export const notPositiveInteger = (option: string, value: unknown) => badOption(option, `must be a positive integer, got ${value}`);
export const notADate = (option: string, value: unknown) => badOption(option, `must be a date YYYY-MM-DD, got ${value}`);
export const notOneOf = (option: string, allowed: readonly string[], value: unknown) => badOption(option, `must be one of ${allowed.join(', ')}, got ${value}`);
export const notInteger = (option: string, value: unknown) => badOption(option, `must be an integer, got ${value}`);
export const exactlyOneOf = (a: string, b: string) => new ScdError(`give exactly one of ${a} and ${b}`, ExitCode.badInput, undefined, [a, b]);
export const periodDateNotHere = (date: string) => bad(`--effective-date ${date} dates a period without rows, which only run applies`);
export const onlyOneSelection = () => bad('give only one of --year, --years and --all');
export const noSelection = () => bad('choose the periods to apply: --year Y, --years A-B or --all');

// Flag values: the CLI hands these to commander as invalid arguments, which it reports (exit 2).
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
export const configUnreadable = (path: string, reason: string) => bad(`cannot read config ${path}: ${reason}`);
export const configNotJson = (path: string, reason: string) => bad(`config ${path} is not valid JSON: ${reason}`);
export const configNotObject = (origin: string) => bad(`config ${origin}: expected a JSON object`);
export const configNotString = (origin: string, name: string) => bad(`config ${origin}: ${name} must be a non-empty string`);
export const configNotList = (origin: string, name: string) => bad(`config ${origin}: ${name} must be a non-empty array of column names`);
export const badMetaNames = (text: string) => badOption('metaColumnNames', `must be pairs dbt_name=name separated by commas, got ${text}`);
export const metaNamesRepeat = (names: readonly string[]) =>
  badOption('metaColumnNames', `must leave the history's columns distinct, but ${list(names)} would name two`);
export const configUnknown = (origin: string, name: string) => bad(`config ${origin}: unknown setting ${name}`);
export const tableSettingEmpty = (option: string) => badOption(option, 'must not be empty');
export const configBothKeys = (origin: string) => bad(`config ${origin}: give keyColumn or keyColumns, not both`);

// The database file.
export const databaseMissing = (db: string) => bad(`database ${db} does not exist`);
export const notWritable = (what: string, path: string) => bad(`${what} ${path} is not writable`);
/** `path` is the directory that could not be made or written: the one given, or one on its way. */
export const tempDirUnusable = (path: string, reason: string) => {
  const message = `temp directory ${path} is not usable: ${reason}; name another with tempDirectory`;
  return new ScdError(message, ExitCode.badInput, undefined, ['tempDirectory']);
};
export const databaseLocked = (db: string, cause: string) =>
  new ScdError(`database ${db} is in use by another process (a run may be in progress)`, ExitCode.locked, cause);
export const corruptDatabase = (db: string, cause: string) => bad(`database ${db} is corrupt: ${cause}`, cause);
/** With the run's limit, the advice names the options that set it; elsewhere DuckDB's default limit was in force. */
export const outOfMemory = (limit: string | undefined, cause: string) =>
  limit === undefined
    ? new ScdError(`out of memory: ${cause}`, ExitCode.resources, cause)
    : new ScdError(`out of memory under the memory limit ${limit}; raise memoryLimitBytes or lower workers: ${cause}`, ExitCode.resources, cause, [
        'memoryLimitBytes',
        'workers',
      ]);
export const diskFull = (cause: string) => new ScdError(`no space left on device: ${cause}`, ExitCode.resources, cause);
export const spillFull = (dir: string, cause: string) =>
  new ScdError(`no space left on device for spill files in ${dir}: ${cause}`, ExitCode.resources, cause);
export const notADatabase = (db: string, cause: string) => bad(`${db} is not a DuckDB database`, cause);
export const cannotOpen = (db: string, cause: string) => bad(`cannot open database ${db}: ${cause}`, cause);
export const badTableName = (text: string) => bad(`not a table name: ${text} (expected table, schema.table or catalog.schema.table)`);
export const tableExists = (table: string, db: string) => bad(`table ${table} already exists in ${db} (use --replace)`);
