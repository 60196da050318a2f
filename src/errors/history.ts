/** Errors about the history, its periods and integrity, workers and signals. */
import { ExitCode, ScdError, bad, badOption, excerpt, list, typeName } from './core.js';

// The history and its recorded settings.
export const historyMissing = (target: string, db: string) => bad(`history table ${target} does not exist in ${db}`);
export const severalHistories = (targets: readonly string[]) =>
  bad(`the database holds several histories (${list(targets)}); choose one with --target`);
export const contradictsSettings = (target: string, what: string, recorded: string, given: string) =>
  bad(`history table ${target} ${what} ${excerpt(recorded)}, not ${excerpt(given)}; rebuild it with --full-refresh`);
export const shapeMismatch = (target: string, missing: readonly string[], unexpected: readonly string[]) =>
  bad(`history table ${target} does not match the source (missing: ${list(missing)}; unexpected: ${list(unexpected)}); rebuild it with --full-refresh`);
export const notEngineHistory = (target: string, kind: string) =>
  bad(`${kind} ${target} was not created by scd-parallel; it is left untouched (name another --target)`);
export const foreignMonitoring = (table: string) =>
  bad(`table ${table} is not scd-parallel's monitoring table (its columns differ); it is left untouched: rename it, or put the history in another schema`);
export const rebuildTableTaken = (table: string, kind: string) =>
  bad(`a full refresh builds the history in ${table}, but a ${kind} of that name was not created by scd-parallel; it is left untouched: rename it`);
export const ledgerWithoutHistory = (target: string, periods: number) =>
  bad(`history table ${target} is missing but ${periods} applied periods are recorded for it; restore it, or rebuild with --full-refresh`);
export const historyWithoutPeriods = (target: string) =>
  bad(`history table ${target} exists but no applied periods are recorded for it; rebuild with --full-refresh`);

// Periods.
export const earlierLedger = (table: string) =>
  bad(`${table} was written by an earlier version of scd-parallel; rebuild: drop it, its histories and scd_parallel_histories, then run again`);
export const sourceRedated = (target: string, period: number, recorded: string, now: string) =>
  new ScdError(`source period ${period} was applied to ${target} as of ${recorded} but is now dated ${now}; apply it again with replace`, ExitCode.badInput, undefined, ['replace']);
export const sourceChanged = (target: string, period: number, keys: number) =>
  new ScdError(
    `source period ${period} has changed since it was applied to ${target}: ${keys} keys differ from the history; apply it again with replace`,
    ExitCode.badInput,
    undefined,
    ['replace'],
  );
export const nullPeriods = (column: string, rows: number) => bad(`period column ${column} is NULL in ${rows} rows`);
export const unsafePeriod = (column: string, value: string) =>
  bad(`period ${value} in ${column} is outside the safe integer range (±${Number.MAX_SAFE_INTEGER})`);
export const periodNotAYear = (column: string, period: number, rule: string) =>
  bad(`period ${period} in ${column} is not a year from 1 to 9999, which effective date ${rule} needs`);
export const adoptedNoRebuild = (target: string, through: number) =>
  bad(`${target} continues an adopted dbt snapshot (through period ${through}), whose dates no source gives: it cannot be rebuilt with a full refresh`);
export const openEndTooEarly = (openEnd: string, period: number, date: string) =>
  new ScdError(`validToCurrent ${openEnd} must come after every effective date, but period ${period} has ${date}`, ExitCode.badInput, undefined, ['validToCurrent']);
export const notInSource = (what: string, source: readonly number[]) => bad(`${what} not in the source (source periods: ${list(source)})`);
export const wouldSkip = (period: number, skipped: readonly number[]) =>
  bad(`period ${period} would skip source period ${list(skipped)}, not yet applied`);
export const nowEmpty = (period: number, rows: number) =>
  new ScdError(
    `period ${period} was applied with ${rows} rows but has none in the source now; to apply it again as an empty snapshot, pass allowEmpty`,
    ExitCode.badInput,
    undefined,
    ['allowEmpty'],
  );
export const noEffectiveDate = (period: number) => bad(`period ${period} has no effective date`);
export const emptyUndatable = (period: number, why: string) =>
  new ScdError(`period ${period} has no rows to date it and ${why}; give its date with emptyPeriodDate`, ExitCode.badInput, undefined, ['emptyPeriodDate']);
export const dateNotBeforeNext = (period: number, date: string, next: number, nextDate: string) =>
  bad(`period ${period} would take effective date ${date}, not before period ${next}'s ${nextDate}`);
export const effectiveDateUnused = (date: string) =>
  new ScdError(`emptyPeriodDate ${date} dates a period without rows, and this run applies none`, ExitCode.badInput, undefined, ['emptyPeriodDate']);
export const datesOutOfOrder = (period: number, date: string, previous: string) =>
  bad(`period ${period} has effective date ${date}, not after the previous period's ${previous}`);
// Integrity, in a run (which then rolls back) and in check.
export const integrityFailed = (period: number, failures: readonly string[]) =>
  new ScdError(`integrity check failed after period ${period}; rolled back: ${failures.join('; ')}`, ExitCode.checkFailed, failures);
export const rewindFailed = (to: number | null, failures: readonly string[]) =>
  new ScdError(`integrity check failed after rewinding to ${to === null ? 'empty' : `period ${to}`}; rolled back: ${failures.join('; ')}`, ExitCode.checkFailed, failures);

// Workers.
export const chunkFailed = (chunk: number, period: number, attempts: number, cause: string, details: unknown) =>
  new ScdError(`chunk ${chunk} of period ${period} failed after ${attempts} attempts: ${cause}`, ExitCode.workerFailed, details);

// Export and as-of.
export const periodNotApplied = (target: string, period: number, applied: readonly number[]) =>
  bad(`period ${period} is not applied to ${target} (applied: ${list(applied)})`);
export const foreignAsOfMacro = (macro: string) =>
  bad(`function ${macro} exists and was not created by scd-parallel; it is left untouched (drop or rename it, or name another --target)`);
export const notHistoryColumn = (option: string, column: string, target: string, columns: readonly string[]) =>
  new ScdError(
    `${option} ${column} is not a column of ${target} (columns: ${list(columns)})`,
    ExitCode.badInput,
    undefined,
    [option],
  );
export const exportDirNotOurs = (dir: string) =>
  new ScdError(`out ${dir} exists and is not an export of scd-parallel; it is left untouched (name another directory)`, ExitCode.badInput, undefined, ['out']);
export const outFormatUnknown = (file: string, formats: readonly string[]) =>
  new ScdError(`out ${file} must end in ${formats.map((f) => `.${f}`).join(' or ')}`, ExitCode.badInput, undefined, ['out']);

// show and diff.
export const keyNotFound = (target: string, key: string) => bad(`key ${excerpt(key)} is not in ${target}`);
export const keyNotCastable = (column: string, value: string, type: string) =>
  new ScdError(`key ${excerpt(value)} is not a value of ${column} (${typeName(type)})`, ExitCode.badInput, undefined, [
    'key',
  ]);
export const keyColumnsNotGiven = (columns: readonly string[], given: string) =>
  badOption('key', `must give a value for each of ${list(columns)} as column=value, got ${excerpt(given)}`);
