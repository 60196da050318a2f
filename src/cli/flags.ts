import type { Command } from 'commander';
import { DEFAULTS } from '../defaults.js';
import { periodDateNotHere } from '../errors/index.js';
import { HARD_DELETES, type HardDeletes } from '../sql/index.js';
import { type TableLayer, loadTableConfig } from '../options/table-config.js';
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
  employees: '--employees',
  startYear: '--start-year',
  years: '--years',
  seed: '--seed',
  sourceTable: '--source',
  targetTable: '--target',
  keyColumns: '--key',
  periodColumn: '--period',
  effectiveDateColumn: '--effective-date',
  trackedColumns: '--tracked',
  emptyPeriodDate: '--effective-date',
  hardDeletes: '--hard-deletes',
  replace: '--replace',
  allowEmpty: '--allow-empty',
  to: '--to',
  runs: '--runs',
  out: '--out',
  partitionBy: '--partition-by',
  period: '--year',
};

/** An error message about options, with each option named as its flag. */
export function withFlags(message: string, options: readonly string[]): string {
  return options.reduce((text, option) => text.replace(new RegExp(`\\b${option}\\b`), FLAG_OF[option] ?? option), message);
}

export interface TableFlags {
  config?: string;
  source?: string;
  target?: string;
  key?: string[];
  period?: string;
  effectiveDate?: string;
  tracked?: string[];
  hardDeletes?: string;
}

const t = DEFAULTS.table;

/** The flags that name tables and columns, shared by run, check and report. Unset, they come from the history's recorded settings. */
export function withTableFlags(command: Command): Command {
  return command
    .option('--config <file>', 'JSON config: sourceTable, targetTable, keyColumn(s), periodColumn, effectiveDateColumn, trackedColumns')
    .option('--source <table>', `snapshot table, [catalog.]schema.table allowed (default ${t.sourceTable})`)
    .option('--target <table>', `history table, [catalog.]schema.table allowed (default ${t.targetTable}, or the one history recorded)`)
    .option('--key <columns>', `comma-separated key columns (default ${t.keyColumns.join(',')})`, parseColumnList)
    .option('--period <column>', `period column (default ${t.periodColumn})`)
    .option('--effective-date <column|date>', `effective-date column (default ${t.effectiveDateColumn}); with run, a date YYYY-MM-DD dates a period without rows`)
    .option('--tracked <columns>', `comma-separated tracked columns (default ${t.trackedColumns.join(',')})`, parseColumnList)
    .option('--hard-deletes <mode>', `a key that leaves the source: ${HARD_DELETES.join('|')} (default ${t.hardDeletes}; new_record adds dbt_is_deleted tombstones)`);
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
  if (!periodDates && flags.effectiveDate !== undefined && isDate(flags.effectiveDate)) throw periodDateNotHere(flags.effectiveDate);
  const fromFile = flags.config === undefined ? {} : loadTableConfig(flags.config);
  const fromFlags: TableLayer = {
    ...(flags.source !== undefined && { sourceTable: flags.source }),
    ...(flags.target !== undefined && { targetTable: flags.target }),
    ...(flags.key !== undefined && { keyColumns: flags.key }),
    ...(flags.period !== undefined && { periodColumn: flags.period }),
    ...(flags.effectiveDate !== undefined && !isDate(flags.effectiveDate) && { effectiveDateColumn: flags.effectiveDate }),
    ...(flags.tracked !== undefined && { trackedColumns: flags.tracked }),
    ...(flags.hardDeletes !== undefined && { hardDeletes: flags.hardDeletes as HardDeletes }),
  };
  return { ...fromFile, ...fromFlags };
}
