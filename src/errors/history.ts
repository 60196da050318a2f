/** Errors about the history, its periods and integrity, workers and signals. */
import { badOption, excerpt, list, option, ScdError, say, typeName } from './core.js';

const REFRESH = option('fullRefresh');
const REBUILD = say`rebuild it with ${REFRESH}`;
const TARGET = option('targetTable');

// The history and its recorded settings.
export const historyMissing = (target: string, db: string) =>
  new ScdError('HISTORY_MISSING', `history table ${target} does not exist in ${db}`);
export const severalHistories = (targets: readonly string[]) =>
  new ScdError(
    'AMBIGUOUS_HISTORY',
    say`the database holds several histories (${list(targets)}); choose one with ${TARGET}`,
  );
export const contradictsSettings = (target: string, what: string, recorded: string, given: string) => {
  const contradicted = `history table ${target} ${what} ${excerpt(recorded)}, not ${excerpt(given)}`;
  return new ScdError('SETTINGS_CONFLICT', say`${contradicted}; ${REBUILD}`);
};
export const shapeMismatch = (target: string, missing: readonly string[], unexpected: readonly string[]) => {
  const differ = `missing: ${list(missing)}; unexpected: ${list(unexpected)}`;
  const message = say`history table ${target} does not match the source (${differ}); ${REBUILD}`;
  return new ScdError('SOURCE_COLUMNS_CHANGED', message);
};
export const notEngineHistory = (target: string, kind: string) =>
  new ScdError(
    'NOT_ENGINE_TABLE',
    say`${kind} ${target} was not created by scd-parallel; it is left untouched (name another ${TARGET})`,
  );
export const foreignMonitoring = (table: string) =>
  new ScdError(
    'NOT_ENGINE_TABLE',
    `table ${table} is not scd-parallel's monitoring table (its columns differ); ` +
      'it is left untouched: rename it, or put the history in another schema',
  );
export const rebuildTableTaken = (table: string, kind: string) =>
  new ScdError(
    'NOT_ENGINE_TABLE',
    `a full refresh builds the history in ${table}, but a ${kind} of that name was not created by scd-parallel; ` +
      'it is left untouched: rename it',
  );
export const ledgerWithoutHistory = (target: string, periods: number) => {
  const missing = `history table ${target} is missing but ${periods} applied periods are recorded for it`;
  return new ScdError('LEDGER_WITHOUT_HISTORY', say`${missing}; restore it, or rebuild with ${REFRESH}`);
};
export const historyWithoutPeriods = (target: string) =>
  new ScdError(
    'HISTORY_WITHOUT_LEDGER',
    say`history table ${target} exists but no applied periods are recorded for it; rebuild with ${REFRESH}`,
  );

// Periods.
export const earlierLedger = (table: string) =>
  new ScdError(
    'EARLIER_LEDGER',
    `${table} was written by an earlier version of scd-parallel; ` +
      'rebuild: drop it, its histories and scd_parallel_histories, then run again',
  );
const REPLACE = say`apply it again with ${option('replace')}`;
export const sourceRedated = (target: string, period: number, recorded: string, now: string) =>
  new ScdError(
    'SOURCE_CHANGED',
    say`source period ${period} was applied to ${target} as of ${recorded} but is now dated ${now}; ${REPLACE}`,
  );
export const sourceChanged = (target: string, period: number, keys: number) => {
  const changed = `source period ${period} has changed since it was applied to ${target}: ${keys} keys differ`;
  return new ScdError('SOURCE_CHANGED', say`${changed} from the history; ${REPLACE}`);
};
export const nullPeriods = (column: string, rows: number) =>
  new ScdError('INVALID_PERIODS', `period column ${column} is NULL in ${rows} rows`);
export const unsafePeriod = (column: string, value: string) =>
  new ScdError(
    'INVALID_PERIODS',
    `period ${value} in ${column} is outside the safe integer range (±${Number.MAX_SAFE_INTEGER})`,
  );
export const periodNotAYear = (column: string, period: number, rule: string) =>
  new ScdError(
    'INVALID_PERIODS',
    `period ${period} in ${column} is not a year from 1 to 9999, which effective date ${rule} needs`,
  );
export const adoptedNoRebuild = (target: string, through: number) =>
  new ScdError(
    'ADOPTED_HISTORY',
    `${target} continues an adopted dbt snapshot (through period ${through}), whose dates no source gives: ` +
      'it cannot be rebuilt with a full refresh',
  );
export const openEndTooEarly = (openEnd: string, period: number, date: string) =>
  new ScdError(
    'INVALID_OPTION',
    say`${option('validToCurrent')} ${openEnd} must come after every effective date, but period ${period} has ${date}`,
  );
export const notInSource = (what: string, source: readonly number[]) =>
  new ScdError('PERIOD_NOT_IN_SOURCE', `${what} not in the source (source periods: ${list(source)})`);
export const wouldSkip = (period: number, skipped: readonly number[]) =>
  new ScdError('PERIOD_ORDER', `period ${period} would skip source period ${list(skipped)}, not yet applied`);
export const nowEmpty = (period: number, rows: number) => {
  const now = `period ${period} was applied with ${rows} rows but has none in the source now`;
  const advice = say`to apply it again as an empty snapshot, pass ${option('allowEmpty')}`;
  return new ScdError('PERIOD_NOW_EMPTY', say`${now}; ${advice}`);
};
export const noEffectiveDate = (period: number) =>
  new ScdError('EFFECTIVE_DATE_MISSING', `period ${period} has no effective date`);
export const emptyUndatable = (period: number, why: string) =>
  new ScdError(
    'EFFECTIVE_DATE_MISSING',
    say`period ${period} has no rows to date it and ${why}; give its date with ${option('emptyPeriodDate')}`,
  );
export const dateNotBeforeNext = (period: number, date: string, next: number, nextDate: string) =>
  new ScdError(
    'EFFECTIVE_DATE_ORDER',
    `period ${period} would take effective date ${date}, not before period ${next}'s ${nextDate}`,
  );
export const effectiveDateUnused = (date: string) =>
  new ScdError(
    'OPTIONS_CONFLICT',
    say`${option('emptyPeriodDate')} ${date} dates a period without rows, and this run applies none`,
  );
export const datesOutOfOrder = (period: number, date: string, previous: string) =>
  new ScdError(
    'EFFECTIVE_DATE_ORDER',
    `period ${period} has effective date ${date}, not after the previous period's ${previous}`,
  );
// Integrity, in a run (which then rolls back) and in check.
export const integrityFailed = (period: number, failures: readonly string[]) =>
  new ScdError(
    'INTEGRITY_FAILED',
    `integrity check failed after period ${period}; rolled back: ${failures.join('; ')}`,
    failures,
  );
export const rewindFailed = (to: number | null, failures: readonly string[]) => {
  const after = to === null ? 'empty' : `period ${to}`;
  const message = `integrity check failed after rewinding to ${after}; rolled back: ${failures.join('; ')}`;
  return new ScdError('INTEGRITY_FAILED', message, failures);
};

// Workers.
export const chunkFailed = (chunk: number, period: number, attempts: number, cause: string, details: unknown) =>
  new ScdError(
    'CHUNK_FAILED',
    `chunk ${chunk} of period ${period} failed after ${attempts} attempts: ${cause}`,
    details,
  );

// Export and as-of.
/** `period` undefined: the last applied one was asked for, and none is. */
export const periodNotApplied = (target: string, period: number | undefined, applied: readonly number[]) =>
  new ScdError(
    'PERIOD_NOT_APPLIED',
    period === undefined
      ? `no period is applied to ${target}`
      : `period ${period} is not applied to ${target} (applied: ${list(applied)})`,
  );
export const foreignAsOfMacro = (macro: string) => {
  const foreign = `function ${macro} exists and was not created by scd-parallel`;
  return new ScdError(
    'NOT_ENGINE_TABLE',
    say`${foreign}; it is left untouched (drop or rename it, or name another ${TARGET})`,
  );
};
export const notHistoryColumn = (name: string, column: string, target: string, columns: readonly string[]) =>
  new ScdError(
    'COLUMN_MISSING',
    say`${option(name)} ${column} is not a column of ${target} (columns: ${list(columns)})`,
  );
const OUT = option('out');
export const exportDirNotOurs = (dir: string) =>
  new ScdError(
    'NOT_ENGINE_EXPORT',
    say`${OUT} ${dir} exists and is not an export of scd-parallel; it is left untouched (name another directory)`,
  );
export const outFormatUnknown = (file: string, formats: readonly string[]) =>
  new ScdError('INVALID_OPTION', say`${OUT} ${file} must end in ${formats.map((f) => `.${f}`).join(' or ')}`);

// show and diff.
export const keyNotFound = (target: string, key: string) =>
  new ScdError('KEY_NOT_FOUND', `key ${excerpt(key)} is not in ${target}`);
export const keyNotCastable = (column: string, value: string, type: string) =>
  new ScdError(
    'INVALID_OPTION',
    say`${option('key')} ${excerpt(value)} is not a value of ${column} (${typeName(type)})`,
  );
export const keyColumnsNotGiven = (columns: readonly string[], given: string) =>
  badOption('key', `must give a value for each of ${list(columns)} as column=value, got ${excerpt(given)}`);
