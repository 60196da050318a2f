/**
 * The contract of failures: exit codes (the CLI's), and the stable code of every condition a
 * program may branch on, with the exit code it ends with. A code never changes once given, and is
 * never derived from a message's text; messages may be reworded freely.
 */

/** Exit codes are part of the CLI contract; each failure class has its own. */
export const ExitCode = {
  ok: 0,
  checkFailed: 1,
  badInput: 2,
  locked: 3,
  workerFailed: 4,
  resources: 5,
  /** The run committed but breached its SLA, with --fail-on-sla. */
  slaBreached: 6,
  internal: 70,
  /** 128 + the signal's number, as shells report a process ended by it. */
  hangup: 129,
  interrupt: 130,
  terminate: 143,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

const { checkFailed, badInput, locked, workerFailed, resources, internal } = ExitCode;
const SIGNALLED = [ExitCode.hangup, ExitCode.interrupt, ExitCode.terminate] as const;

/**
 * Every code as [code, exit code, meaning], in one list so that a code given twice is found
 * (test/error-codes.test.ts). INTERRUPTED ends with the exit code of the signal that stopped it.
 */
export const ERROR_CATALOG = [
  // What the caller gave: the command line, options, config files.
  ['USAGE', badInput, 'the command line does not parse: an unknown command or flag, a bad flag value'],
  ['INVALID_OPTION', badInput, "an option's value is not one it takes"],
  ['MISSING_OPTION', badInput, 'an option the operation needs was not given'],
  ['OPTIONS_CONFLICT', badInput, 'options that exclude each other, or one this operation does not apply'],
  ['BAD_CONFIG', badInput, 'a config file cannot be read, or holds what is not a setting'],
  ['INVALID_TABLE_NAME', badInput, 'a name that is not table, schema.table or catalog.schema.table'],
  // The database file and the machine.
  ['DATABASE_MISSING', badInput, 'the database file does not exist'],
  ['NOT_A_DATABASE', badInput, 'the file is not a DuckDB database'],
  ['CORRUPT_DATABASE', badInput, 'the database file is corrupt'],
  ['CANNOT_OPEN_DATABASE', badInput, 'DuckDB cannot open the database file'],
  ['NOT_WRITABLE', badInput, 'a file or directory to write (database, temp, output) cannot be written'],
  ['IN_USE', locked, 'another process holds the database'],
  ['OUT_OF_MEMORY', resources, 'DuckDB ran out of memory; the history is intact'],
  ['DISK_FULL', resources, 'no space left on a device; the history is intact'],
  // The source.
  ['SOURCE_MISSING', badInput, 'the source table or view does not exist, or its glob matches no file'],
  ['SOURCE_UNREADABLE', badInput, 'DuckDB cannot read the source'],
  ['SOURCE_IS_TARGET', badInput, 'the source and the target are the same table'],
  ['COLUMN_MISSING', badInput, 'a column named is not in its table'],
  ['UNSUPPORTED_COLUMN_TYPE', badInput, "a column's type or collation the engine cannot take"],
  ['COLUMN_CONFLICT', badInput, 'a column in two roles, named twice, or taking a name the engine uses'],
  ['INVALID_KEYS', badInput, 'NULL or repeated keys in a period'],
  ['INVALID_PERIODS', badInput, 'NULL periods, or periods out of the range they must be in'],
  // The history and its tables.
  ['HISTORY_MISSING', badInput, 'the history table does not exist'],
  ['AMBIGUOUS_HISTORY', badInput, 'the database holds several histories and none was chosen'],
  ['SETTINGS_CONFLICT', badInput, 'a setting contradicts the one the history recorded (a full refresh rebuilds it)'],
  ['SOURCE_COLUMNS_CHANGED', badInput, "the source's columns no longer match the history's"],
  ['NOT_ENGINE_TABLE', badInput, 'a table, view or function of the name is not one scd-parallel created'],
  ['RESERVED_TABLE', badInput, 'a table the engine keeps for itself, named as a history or a source'],
  ['INVALID_TARGET', badInput, 'the history table cannot be created where it is named'],
  ['DEMO_CONFLICT', badInput, "demo would overwrite what the database's histories use"],
  ['TABLE_EXISTS', badInput, 'the table to create exists and replace was not given'],
  ['LEDGER_WITHOUT_HISTORY', badInput, 'applied periods are recorded for a history table that is missing'],
  ['HISTORY_WITHOUT_LEDGER', badInput, 'a history table without recorded applied periods'],
  ['EARLIER_LEDGER', badInput, 'the bookkeeping was written by an earlier version of scd-parallel'],
  ['HISTORY_NOT_AS_LEFT', checkFailed, 'the history or its ledger changed since the engine left it; nothing written'],
  // Periods.
  ['SOURCE_CHANGED', badInput, 'an applied period changed in the source (replace applies it again)'],
  ['PERIOD_NOT_IN_SOURCE', badInput, 'a period asked for is not in the source'],
  ['PERIOD_NOT_APPLIED', badInput, 'a period asked for is not applied to the history'],
  ['KEY_NOT_FOUND', badInput, 'a key asked for has no version in the history'],
  ['PERIOD_ORDER', badInput, 'a period would skip an earlier source period not yet applied'],
  ['PERIOD_NOW_EMPTY', badInput, 'an applied period has no rows in the source now (allowEmpty applies it)'],
  ['EFFECTIVE_DATE_MISSING', badInput, 'a period has no effective date, or none can be given it'],
  ['EFFECTIVE_DATE_ORDER', badInput, "effective dates that do not follow the periods' order"],
  ['ADOPTED_HISTORY', badInput, 'a rebuild or rewind into the periods of an adopted dbt snapshot'],
  // Adopting a dbt snapshot.
  ['NOT_ADOPTABLE', badInput, 'the table is not a dbt snapshot scd-parallel can adopt'],
  ['ALREADY_ADOPTED', badInput, 'the table is already a history of scd-parallel'],
  // Outputs and exports.
  ['OUTPUT_EXISTS', badInput, 'the output file exists and replace was not given'],
  ['OUTPUT_PROTECTED', badInput, 'the output is a database or a directory, never overwritten'],
  ['DIRECTORY_MISSING', badInput, 'the directory to write into does not exist'],
  ['NOT_ENGINE_EXPORT', badInput, 'the export directory holds what no export of scd-parallel wrote'],
  ['EXPORT_NESTED', badInput, 'the export directory is inside another export, or holds one'],
  // A history in a DuckLake (--lake).
  ['LAKE_UNAVAILABLE', badInput, 'the DuckLake extensions cannot be loaded from the extension directory'],
  ['CANNOT_OPEN_LAKE', badInput, 'DuckLake cannot attach the lake: its catalog, or a data path it did not record'],
  ['NOT_ON_LAKE', badInput, 'an operation or option that does not work on a history in a lake yet'],
  ['RUN_NOT_IN_LAKE', badInput, 'a run or snapshot asked for is not in the lake'],
  ['LAKE_CONFLICT', locked, 'another writer committed to the lake what this transaction also wrote (run retries)'],
  // Failures while writing.
  ['INTEGRITY_FAILED', checkFailed, 'the integrity check failed after a change; it was rolled back'],
  ['CHUNK_FAILED', workerFailed, 'a chunk failed after its retries; the period was not applied'],
  ['INTERRUPTED', SIGNALLED, 'a signal stopped the command; the message says what was committed'],
  ['INTERNAL', internal, 'anything unforeseen'],
] as const satisfies readonly (readonly [string, ExitCode | readonly ExitCode[], string])[];

export type ErrorCode = (typeof ERROR_CATALOG)[number][0];

const EXIT_CODES = new Map<ErrorCode, readonly ExitCode[]>(
  ERROR_CATALOG.map(([code, exitCode]) => [code, typeof exitCode === 'number' ? [exitCode] : exitCode]),
);

/** The exit codes an error of `code` ends with: one, or each signal's for INTERRUPTED. */
export const exitCodesOf = (code: ErrorCode): readonly ExitCode[] => EXIT_CODES.get(code) ?? [];
