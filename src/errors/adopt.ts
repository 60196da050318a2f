/** Errors about adopting a dbt snapshot. */
import { list, option, ScdError, say, typeName } from './core.js';

const notAdoptable = (table: string, why: string) => new ScdError('NOT_ADOPTABLE', `cannot adopt ${table}: ${why}`);

export const adoptNeedsTarget = () =>
  new ScdError('MISSING_OPTION', say`adopt needs the dbt snapshot table: give ${option('targetTable')}`);
export const adoptMissing = (table: string, missing: readonly string[], required: readonly string[]) => {
  const lacks = `cannot adopt ${table}: it lacks ${list(missing)} (a dbt snapshot has ${list(required)}`;
  return new ScdError('NOT_ADOPTABLE', say`${lacks}; other names are given with ${option('metaColumnNames')})`);
};
export const adoptType = (table: string, column: { name: string; type: string }, expected: readonly string[]) =>
  notAdoptable(table, `${column.name} is ${typeName(column.type)}, expected ${expected.join(' or ')}`);
export const adoptModeMismatch = (table: string, mode: string, isDeleted: string) =>
  new ScdError(
    'NOT_ADOPTABLE',
    `cannot adopt ${table} with hard deletes ${mode}: ` +
      `a dbt snapshot has ${isDeleted} exactly when it was kept with hard deletes new_record`,
  );
export const adoptNotSnapshot = (table: string, kind: string) =>
  notAdoptable(table, `it is ${kind}, not a dbt snapshot table`);
export const adoptedAlready = (table: string) =>
  new ScdError('ALREADY_ADOPTED', `cannot adopt ${table}: it is already a history of scd-parallel`);
export const adoptEmpty = (table: string) =>
  notAdoptable(table, 'it has no versions; run creates a new history instead');
export const adoptTooManyDates = (table: string, dates: number, periods: readonly number[]) =>
  notAdoptable(
    table,
    `its versions start or end at ${dates} distinct times, ` +
      `but the source has only ${periods.length} periods (${list(periods)})`,
  );
export const adoptFailed = (table: string, failures: readonly string[], report: unknown) =>
  new ScdError(
    'INTEGRITY_FAILED',
    `cannot adopt ${table}: its history does not match the source, nothing was recorded: ${failures.join('; ')}`,
    report,
  );
export const adoptedNoRewind = (target: string, through: number, to: number) =>
  new ScdError(
    'ADOPTED_HISTORY',
    `${target} continues an adopted dbt snapshot through period ${through}, whose dates no source gives: ` +
      `it cannot be rewound to ${to}, only to ${through} or later`,
  );
/** dbt merges snapshot runs on dbt_scd_id: one shared, or missing, breaks its next run, and ours. */
export const adoptScdIdRepeats = (table: string, column: string, rows: number, sample: readonly string[]) =>
  notAdoptable(table, `${column} must identify one version, but ${rows} rows share one or lack one: ${list(sample)}`);
export const adoptDeletedUnknown = (table: string, column: string, rows: number, sample: readonly string[]) =>
  notAdoptable(table, `${column} must be true or false, but ${rows} rows hold something else: ${list(sample)}`);
