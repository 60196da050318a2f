import type { Command } from 'commander';
import { DEFAULTS } from '../defaults.js';
import { badMetaNames, notOneOf, periodDateNotHere, type ScdError } from '../errors/index.js';
import { loadTableConfig, type TableLayer } from '../options/table-config.js';
import {
  EFFECTIVE_DATE_RULES,
  type EffectiveDateRule,
  HARD_DELETES,
  type HardDeletes,
  type ValidityType,
} from '../sql/index.js';
import { parseColumnList } from './parse.js';

/** The library speaks in option names; the CLI shows each as its flag. */
export const FLAG_OF: Readonly<Record<string, string>> = {
  db: '--db',
  parquetPath: '--parquet',
  chunks: '--chunks',
  workers: '--workers',
  retries: '--retries',
  slaSeconds: '--sla-seconds',
  periodSlaSeconds: '--period-sla-seconds',
  memoryLimitBytes: '--memory-limit',
  tempDirectory: '--temp-dir',
  employees: '--employees',
  startYear: '--start-year',
  years: '--years',
  seed: '--seed',
  sourceTable: '--source',
  targetTable: '--target',
  keyColumns: '--key',
  periodColumn: '--period',
  effectiveDateColumn: '--effective-date',
  effectiveDateRule: '--effective-date',
  validityType: '--validity-type',
  validToCurrent: '--valid-to-current',
  metaColumnNames: '--meta-column-names',
  profile: '--profile',
  trackedColumns: '--tracked',
  emptyPeriodDate: '--effective-date',
  hardDeletes: '--hard-deletes',
  replace: '--replace',
  fullRefresh: '--full-refresh',
  verify: '--verify',
  allowEmpty: '--allow-empty',
  to: '--to',
  runs: '--runs',
  out: '--out',
  html: '--html',
  partitionBy: '--partition-by',
  period: '--year',
  key: '--key',
  from: '--from',
  top: '--top',
  all: '--all',
  lake: '--lake',
  'lake.dataPath': '--lake-data',
  'lake.extensionDirectory': '--extension-dir',
  'lake.run': '--run',
  'lake.snapshot': '--snapshot',
};

const flagOf = (option: string) => FLAG_OF[option] ?? option;

/**
 * The error's message as the CLI says it: each option it marks named by its flag. Only the marked
 * words change, never a value that spells an option's name (a table named `replace`).
 */
export const cliMessage = (error: ScdError): string => error.messageWith(flagOf);

/** The flags the error's message names. */
export const flagsOf = (error: ScdError): string[] => error.options.map(flagOf);

export interface TableFlags {
  profile?: string;
  config?: string;
  source?: string;
  target?: string;
  key?: string[];
  period?: string;
  effectiveDate?: string;
  tracked?: string[];
  hardDeletes?: string;
  validityType?: string;
  validToCurrent?: string;
  metaColumnNames?: string;
}

const t = DEFAULTS.table;

/**
 * The flags that name tables and columns, shared by run, check and report. Unset, they come from the history's recorded
 * settings. Without `keyColumns` there is no --key: `show` takes it for the key's value (its columns are recorded).
 */
export function withTableFlags(command: Command, keyColumns = true): Command {
  const named = command
    .option('--profile <name>', `table settings of a known simulation: ${Object.keys(DEFAULTS.profiles).join('|')}`)
    .option(
      '--config <file>',
      'JSON config: sourceTable, targetTable, keyColumn(s), periodColumn, effectiveDateColumn, trackedColumns',
    )
    .option(
      '--source <table|glob>',
      `snapshot table, [catalog.]schema.table allowed, or Parquet files: 'dir/**/*.parquet' (default ${t.sourceTable})`,
    )
    .option(
      '--target <table>',
      `history table, [catalog.]schema.table allowed (default ${t.targetTable}, or the one history recorded)`,
    );
  const keyList = `comma-separated key columns (default ${t.keyColumns.join(',')})`;
  const keyed = keyColumns ? named.option('--key <columns>', keyList, parseColumnList) : named;
  return keyed
    .option('--period <column>', `period column (default ${t.periodColumn})`)
    .option(
      '--effective-date <rule|column|date>',
      `year-end or year-start (the period is the year), or a date column ` +
        `(default ${t.effectiveDateColumn}); with run, a date YYYY-MM-DD dates a period without rows`,
    )
    .option(
      '--tracked <columns>',
      `comma-separated tracked columns (default ${t.trackedColumns.join(',')})`,
      parseColumnList,
    )
    .option(
      '--hard-deletes <mode>',
      `a key that leaves the source: ${HARD_DELETES.join('|')} ` +
        `(default ${t.hardDeletes}; new_record adds dbt_is_deleted tombstones)`,
    )
    .option(
      '--validity-type <type>',
      `type of dbt_valid_from and dbt_valid_to: date|timestamp ` +
        `(default ${t.validityType}), chosen when the history is created`,
    )
    .option(
      '--valid-to-current <date>',
      "dbt's dbt_valid_to_current: open versions' dbt_valid_to holds this date (e.g. 9999-12-31) instead of NULL",
    )
    .option(
      '--meta-column-names <pairs>',
      "dbt's snapshot_meta_column_names, e.g. dbt_valid_from=valid_from,dbt_valid_to=valid_to",
    );
}

/** `--effective-date 2026-12-31` dates a period without rows; any other value names the column. */
export function isDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text);
}

/**
 * Config file, then flags: the caller's explicit layer over the recorded settings. Only `run`
 * (`periodDates`) takes a date for --effective-date; the other commands refuse it.
 */
export function tableLayerFrom(flags: TableFlags, periodDates = false): TableLayer {
  if (!periodDates && flags.effectiveDate !== undefined && isDate(flags.effectiveDate))
    throw periodDateNotHere(flags.effectiveDate);
  const fromProfile = flags.profile === undefined ? {} : profileLayer(flags.profile);
  const fromFile = flags.config === undefined ? {} : loadTableConfig(flags.config);
  const rule =
    flags.effectiveDate !== undefined && (EFFECTIVE_DATE_RULES as readonly string[]).includes(flags.effectiveDate);
  const fromFlags: TableLayer = {
    ...(flags.source !== undefined && { sourceTable: flags.source }),
    ...(flags.target !== undefined && { targetTable: flags.target }),
    ...(flags.key !== undefined && { keyColumns: flags.key }),
    ...(flags.period !== undefined && { periodColumn: flags.period }),
    ...(rule && { effectiveDateRule: flags.effectiveDate as EffectiveDateRule }),
    ...(flags.effectiveDate !== undefined &&
      !rule &&
      !isDate(flags.effectiveDate) && { effectiveDateRule: 'column', effectiveDateColumn: flags.effectiveDate }),
    ...(flags.tracked !== undefined && { trackedColumns: flags.tracked }),
    ...(flags.hardDeletes !== undefined && { hardDeletes: flags.hardDeletes as HardDeletes }),
    ...(flags.validityType !== undefined && { validityType: flags.validityType as ValidityType }),
    ...(flags.validToCurrent !== undefined && { validToCurrent: flags.validToCurrent }),
    ...(flags.metaColumnNames !== undefined && { metaColumnNames: parseMetaNames(flags.metaColumnNames) }),
  };
  return { ...fromProfile, ...fromFile, ...fromFlags };
}

/** A profile's table settings; an unknown name is refused, naming the known ones. */
export function profileLayer(name: string): TableLayer {
  const profiles: Readonly<Record<string, TableLayer>> = DEFAULTS.profiles;
  const layer = profiles[name];
  if (layer === undefined) throw notOneOf('profile', Object.keys(profiles), name);
  return layer;
}

/** `dbt_valid_from=valid_from,dbt_valid_to=valid_to`: names are checked with the other settings. */
function parseMetaNames(text: string): Record<string, string> {
  const pairs = text.split(',').map((pair) => pair.split('=').map((s) => s.trim()));
  if (pairs.some((p) => p.length !== 2)) throw badMetaNames(text);
  return Object.fromEntries(pairs);
}
