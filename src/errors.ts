/**
 * Every user-facing error, each a small function returning the error with its exit code, like
 * piscina's src/errors.ts. Messages are short, lower case, and name the bad value. Errors about an
 * option name it as the library does (`workers`); the CLI shows its flag (`--workers`) instead.
 */

/** Exit codes are part of the CLI contract; each failure class has its own. */
export const ExitCode = {
  ok: 0,
  checkFailed: 1,
  badInput: 2,
  locked: 3,
  workerFailed: 4,
  resources: 5,
  internal: 70,
  /** 128 + the signal's number, as shells report a process ended by it. */
  hangup: 129,
  interrupt: 130,
  terminate: 143,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export class ScdError extends Error {
  readonly exitCode: ExitCode;
  readonly details: unknown;
  /** Option names the message mentions, so that the CLI can say its flags instead. */
  readonly options: readonly string[];
  constructor(message: string, exitCode: ExitCode, details?: unknown, options: readonly string[] = []) {
    super(message);
    this.name = 'ScdError';
    this.exitCode = exitCode;
    this.details = details;
    this.options = options;
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const bad = (message: string, details?: unknown) => new ScdError(message, ExitCode.badInput, details);
const badOption = (option: string, message: string) => new ScdError(`${option} ${message}`, ExitCode.badInput, undefined, [option]);
const list = (values: readonly (string | number)[]) => values.join(', ') || 'none';

// Options.
export const integerOutOfRange = (option: string, min: number, max: number, value: unknown) =>
  badOption(option, `must be an integer from ${min} to ${max}, got ${value}`);
export const notPositive = (option: string, value: unknown) => badOption(option, `must be positive, got ${value}`);
export const notPositiveInteger = (option: string, value: unknown) => badOption(option, `must be a positive integer, got ${value}`);
export const notInteger = (option: string, value: unknown) => badOption(option, `must be an integer, got ${value}`);
export const exactlyOneOf = (a: string, b: string) => new ScdError(`give exactly one of ${a} and ${b}`, ExitCode.badInput, undefined, [a, b]);
export const onlyOneSelection = () => bad('give only one of --year, --years and --all');
export const noSelection = () => bad('choose the periods to apply: --year Y, --years A-B or --all');

// Flag values: the CLI hands these to commander as invalid arguments, which it reports (exit 2).
export const badFlagValue = {
  size: (text: string) => `not a memory size: ${text} (e.g. 2GB, 512MiB)`,
  sizeNotPositive: (text: string) => `memory size must be positive: ${text}`,
  integer: (text: string) => `not an integer: ${text}`,
  positive: (text: string) => `not a positive number: ${text}`,
  yearRange: (text: string) => `not a year range: ${text} (e.g. 2025-2030)`,
  yearRangeBackwards: (text: string) => `year range ends before it starts: ${text}`,
  emptyColumn: (text: string) => `empty column name in: ${text}`,
} as const;

// Config files.
export const configUnreadable = (path: string, reason: string) => bad(`cannot read config ${path}: ${reason}`);
export const configNotJson = (path: string, reason: string) => bad(`config ${path} is not valid JSON: ${reason}`);
export const configNotObject = (origin: string) => bad(`config ${origin}: expected a JSON object`);
export const configNotString = (origin: string, name: string) => bad(`config ${origin}: ${name} must be a non-empty string`);
export const configNotList = (origin: string, name: string) => bad(`config ${origin}: ${name} must be a non-empty array of column names`);
export const configUnknown = (origin: string, name: string) => bad(`config ${origin}: unknown setting ${name}`);
export const tableSettingEmpty = (option: string) => badOption(option, 'must not be empty');
export const configBothKeys = (origin: string) => bad(`config ${origin}: give keyColumn or keyColumns, not both`);

// The database file.
export const databaseMissing = (db: string) => bad(`database ${db} does not exist`);
export const notWritable = (what: string, path: string) => bad(`${what} ${path} is not writable`);
export const tempNotWritable = (root: string, reason: string) => bad(`temp directory ${root} is not writable: ${reason}`);
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
export const notADatabase = (db: string, cause: string) => bad(`${db} is not a DuckDB database`, cause);
export const cannotOpen = (db: string, cause: string) => bad(`cannot open database ${db}: ${cause}`, cause);
export const badTableName = (text: string) => bad(`not a table name: ${text} (expected table, schema.table or catalog.schema.table)`);
export const tableExists = (table: string, db: string) => bad(`table ${table} already exists in ${db} (use --replace)`);

// The source.
export const sourceMissing = (table: string) => bad(`source table ${table} does not exist`);
export const columnMissing = (role: string, column: string, table: string, columns: readonly string[]) =>
  bad(`${role} column ${column} is missing from ${table} (columns: ${columns.join(', ')})`);
export const keyTypeUnsupported = (column: string, type: string) =>
  bad(`key column ${column} has type ${type}, which the exchange with workers cannot carry exactly; cast it in a view (to VARCHAR, say)`);
export const periodNotInteger = (column: string, type: string) => bad(`period column ${column} must be an integer type, got ${type}`);
export const effectiveDateNotDate = (column: string, type: string) => bad(`effective-date column ${column} must be DATE, got ${type}`);
export const trackedHasRole = (column: string) => bad(`tracked column ${column} is also the key, period or effective-date column`);
export const columnsRepeat = (what: string, columns: readonly string[]) => bad(`${what} repeat a name: ${columns.join(', ')}`);
export const clashesWithHistory = (column: string) => bad(`source column ${column} clashes with a history column`);
export const reservedPrefix = (column: string, prefix: string) =>
  bad(`source column ${column} starts with ${prefix}, which is reserved for the engine's internal names`);
export const sameTable = (table: string) => bad(`source and target are the same table ${table}`);
export const nullKey = (key: string, composite: boolean, rows: number, period: number) =>
  bad(`${composite ? `a key column of ${key}` : key} is NULL in ${rows} rows of period ${period}`);
export const repeatedKeys = (key: string, sample: readonly string[]) => bad(`${key} repeats within a period: ${sample.join(', ')}`);

// The history and its recorded settings.
export const historyMissing = (target: string, db: string) => bad(`history table ${target} does not exist in ${db}`);
export const severalHistories = (targets: readonly string[]) => bad(`the database holds several histories (${targets.join(', ')}); choose one with --target`);
export const contradictsSettings = (target: string, what: string, recorded: string, given: string) =>
  bad(`history table ${target} ${what} ${recorded}, not ${given}; rebuild it with --full-refresh`);
export const shapeMismatch = (target: string, missing: readonly string[], unexpected: readonly string[]) =>
  bad(`history table ${target} does not match the source (missing: ${list(missing)}; unexpected: ${list(unexpected)}); rebuild it with --full-refresh`);
export const notEngineHistory = (target: string, kind: string) =>
  bad(`${kind} ${target} was not created by scd-parallel; it is left untouched (name another --target)`);
export const ledgerWithoutHistory = (target: string, periods: number) =>
  bad(`history table ${target} is missing but ${periods} applied periods are recorded for it; restore it, or rebuild with --full-refresh`);
export const historyWithoutPeriods = (target: string) =>
  bad(`history table ${target} exists but no applied periods are recorded for it; rebuild with --full-refresh`);

// Periods.
export const nullPeriods = (column: string, rows: number) => bad(`period column ${column} is NULL in ${rows} rows`);
export const unsafePeriod = (column: string, value: string) =>
  bad(`period ${value} in ${column} is outside the safe integer range (±${Number.MAX_SAFE_INTEGER})`);
export const notInSource = (what: string, source: readonly number[]) => bad(`${what} not in the source (source periods: ${list(source)})`);
export const unappliedGap = (gap: number, latest: number) =>
  bad(`source period ${gap} was never applied but is earlier than the latest applied period ${latest}; rebuild with --full-refresh`);
export const beforeLatest = (period: number, latest: number) =>
  bad(`period ${period} is earlier than the latest applied period ${latest}; rewinding is not supported`);
export const wouldSkip = (period: number, skipped: readonly number[]) =>
  bad(`period ${period} would skip source period ${skipped.join(', ')}, not yet applied`);
export const noEffectiveDate = (period: number) => bad(`period ${period} has no effective date`);
export const emptyUndatable = (period: number) => bad(`period ${period} has no rows and no period is applied yet to date it from`);
export const datesOutOfOrder = (period: number, date: string, previous: string) =>
  bad(`period ${period} has effective date ${date}, not after the previous period's ${previous}`);

// Integrity, in a run (which then rolls back) and in check.
export const applyCountMismatch = (period: number, closed: unknown, expectedClosed: number, inserted: unknown, expectedInserted: number) =>
  new ScdError(
    `period ${period}: closed ${closed} of ${expectedClosed} and inserted ${inserted} of ${expectedInserted} versions; rolled back`,
    ExitCode.checkFailed,
  );
export const integrityFailed = (period: number, failures: readonly string[]) =>
  new ScdError(`integrity check failed after period ${period}; rolled back: ${failures.join('; ')}`, ExitCode.checkFailed, failures);
export const fullRefreshFailed = (failures: readonly string[], report: unknown) =>
  new ScdError(`integrity check failed after full refresh; rolled back: ${failures.join('; ')}`, ExitCode.checkFailed, report);

// Signals.
const SIGNAL_EXIT: Record<string, ExitCode> = { SIGHUP: ExitCode.hangup, SIGINT: ExitCode.interrupt, SIGTERM: ExitCode.terminate };
export const SIGNALS = Object.keys(SIGNAL_EXIT) as readonly string[];
export const interrupted = (signal: string, committed: readonly number[]) =>
  new ScdError(
    `interrupted by ${signal}: the period in progress was rolled back; committed by this run: ${list(committed)}`,
    SIGNAL_EXIT[signal] ?? ExitCode.terminate,
  );

// Workers.
export const chunkFailed = (chunk: number, period: number, attempts: number, cause: string, details: unknown) =>
  new ScdError(`chunk ${chunk} of period ${period} failed after ${attempts} attempts: ${cause}`, ExitCode.workerFailed, details);
