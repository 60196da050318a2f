import type { Command } from 'commander';
import { runScd } from '../../api/run.js';
import { DEFAULTS, MAX_CHUNKS, MAX_WORKERS } from '../../defaults.js';
import { ExitCode } from '../../errors/index.js';
import type { VerifyMode } from '../../model/verification.js';
import { isDate, type TableFlags, tableLayerFrom, withTableFlags } from '../flags.js';
import { type CommandContext, createLogger, logLevelOption } from '../io.js';
import { type LakeFlags, lakeFrom, withLakeFlags } from '../lake-flags.js';
import { formatRunReport, progressPrinter } from '../output.js';
import {
  parseBytes,
  parseInteger,
  parseIntegerOrAuto,
  parsePositiveNumber,
  parseYearRange,
  selectionFrom,
} from '../parse.js';
import { onTerminal } from '../progress.js';

interface RunFlags extends TableFlags, LakeFlags {
  db: string;
  year?: number;
  years?: { from: number; to: number };
  all?: boolean;
  chunks: number | 'auto';
  workers: number;
  fullRefresh?: boolean;
  inline?: boolean;
  memoryLimit?: number;
  tempDir?: string;
  slaSeconds: number;
  periodSlaSeconds?: number;
  failOnSla?: boolean;
  retries: number;
  allowEmpty?: boolean;
  replace?: boolean;
  verify?: VerifyMode;
  json?: boolean;
  logLevel?: string;
}

export function runCommand(program: Command, { io, signal, setExit }: CommandContext): void {
  withTableFlags(
    withLakeFlags(
      program
        .command('run')
        .description('apply snapshot periods to the SCD2 history')
        .requiredOption('--db <file>', 'DuckDB database file')
        .option('--year <year>', 'apply one period', parseInteger)
        .option('--years <from-to>', 'apply a range of periods, e.g. 2025-2030', parseYearRange)
        .option('--all', 'apply every source period not yet applied')
        .option(
          '--chunks <n|auto>',
          `hash-range chunks per period (1-${MAX_CHUNKS}, or auto)`,
          parseIntegerOrAuto,
          DEFAULTS.chunks,
        )
        .option(
          '--workers <n>',
          `worker threads (1-${MAX_WORKERS}, default ${DEFAULTS.workers}: one per core)`,
          parseInteger,
          DEFAULTS.workers,
        )
        .option('--full-refresh', 'rebuild the whole history from every period, beside it, and swap it in once checked')
        .option('--inline', 'compute change sets in the coordinator with one set-based query, without workers')
        .option('--memory-limit <size>', 'DuckDB memory for coordinator and workers together, e.g. 4GB', parseBytes)
        .option('--temp-dir <dir>', 'where temporary Parquet and spill files go (default: beside the database)')
        .option('--sla-seconds <s>', 'latency SLA of a run', parsePositiveNumber, DEFAULTS.slaSeconds)
        .option('--period-sla-seconds <s>', 'latency SLA of each period (default: none)', parsePositiveNumber)
        .option(
          '--fail-on-sla',
          `exit ${ExitCode.slaBreached} when the run or a period breaches its SLA (the history is committed)`,
        )
        .option('--retries <n>', 'retries of a failed chunk', parseInteger, DEFAULTS.retries)
        .option(
          '--allow-empty',
          'apply an explicitly requested period with no rows as an empty snapshot (closes every current version)',
        )
        .option(
          '--replace',
          'apply changed periods again: rewind to the period before the ' +
            'first changed one and apply from there, in one transaction',
        )
        .option(
          '--verify <mode>',
          'what a run proves of the history first: full (all of it) or ' +
            'touched (ledger, current versions); default: full where cheap',
        )
        .option('--json', 'print the run report as JSON on stdout, no progress')
        .addOption(logLevelOption()),
    ),
  ).action(async (flags: RunFlags) => {
    const report = await runScd({
      db: flags.db,
      lake: lakeFrom(flags),
      table: tableLayerFrom(flags, true),
      selection: selectionFrom(flags, Boolean(flags.fullRefresh)),
      chunks: flags.chunks,
      workers: flags.workers,
      fullRefresh: flags.fullRefresh,
      inline: flags.inline,
      memoryLimitBytes: flags.memoryLimit,
      tempDirectory: flags.tempDir,
      slaSeconds: flags.slaSeconds,
      periodSlaSeconds: flags.periodSlaSeconds,
      retries: flags.retries,
      allowEmpty: flags.allowEmpty,
      replace: flags.replace,
      verify: flags.verify,
      ...(flags.effectiveDate !== undefined && isDate(flags.effectiveDate) && { emptyPeriodDate: flags.effectiveDate }),
      signal,
      logger: createLogger(io, flags.logLevel),
      ...(!flags.json && { onProgress: onTerminal(io, progressPrinter) }),
    });
    io.stdout(flags.json ? `${JSON.stringify(report)}\n` : formatRunReport(report));
    if (flags.failOnSla && report.totals.slaBreached) setExit(ExitCode.slaBreached);
  });
}
