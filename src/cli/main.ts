import { Command, CommanderError, Option } from 'commander';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { type TableConfig, loadTableConfig } from '../config.js';
import {
  DEFAULT_DEMO_EMPLOYEES,
  DEFAULT_DEMO_YEARS,
  DEFAULT_GENERATE_EMPLOYEES,
  DEFAULT_GENERATE_SEED,
  DEFAULT_GENERATE_START_YEAR,
  DEFAULT_GENERATE_YEARS,
  DEFAULT_RETRIES,
  DEFAULT_SLA_SECONDS,
  DEFAULT_SOURCE_TABLE,
  DEFAULT_WORKERS,
} from '../constants.js';
import { type CheckOptions, checkHistory } from '../coordinator/check.js';
import { reportHistory } from '../coordinator/history-report.js';
import { runScd } from '../coordinator/run.js';
import { ExitCode, ScdError, errorMessage } from '../errors.js';
import { generateWorkforce } from '../generate/generate.js';
import { formatCheckReport, formatGenerateSummary, formatHistoryReport, formatRunReport, progressPrinter } from './output.js';
import {
  parseBytes,
  parseChunks,
  parseColumnList,
  parseInteger,
  parsePositiveNumber,
  parseYearRange,
  selectionFrom,
} from './parse.js';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly isTerminal: boolean;
  /** Where pino writes; stderr by default. */
  readonly logDestination?: pino.DestinationStream;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTerminal: Boolean(process.stderr.isTTY),
};

interface TableFlags {
  config?: string;
  source?: string;
  target?: string;
  key?: string;
  period?: string;
  effectiveDate?: string;
  tracked?: string[];
}

function withTableFlags(command: Command): Command {
  return command
    .option('--config <file>', 'JSON config: sourceTable, targetTable, keyColumn, periodColumn, effectiveDateColumn, trackedColumns')
    .option('--source <table>', 'snapshot table (default fct_workforce_snapshot)')
    .option('--target <table>', 'history table (default scd_workforce_state)')
    .option('--key <column>', 'key column (default employee_id)')
    .option('--period <column>', 'period column (default simulation_year)')
    .option('--effective-date <column>', 'effective-date column (default effective_date)')
    .option('--tracked <columns>', 'comma-separated tracked columns', parseColumnList);
}

function tableConfigFrom(flags: TableFlags): Partial<TableConfig> {
  const fromFile = flags.config === undefined ? {} : loadTableConfig(flags.config);
  const fromFlags: Partial<TableConfig> = {
    ...(flags.source !== undefined && { sourceTable: flags.source }),
    ...(flags.target !== undefined && { targetTable: flags.target }),
    ...(flags.key !== undefined && { keyColumn: flags.key }),
    ...(flags.period !== undefined && { periodColumn: flags.period }),
    ...(flags.effectiveDate !== undefined && { effectiveDateColumn: flags.effectiveDate }),
    ...(flags.tracked !== undefined && { trackedColumns: flags.tracked }),
  };
  return { ...fromFile, ...fromFlags };
}

function createLogger(level: string, io: CliIo): Logger {
  return pino({ level, base: { name: 'scd-parallel' } }, io.logDestination ?? pino.destination(2));
}

interface RunFlags extends TableFlags {
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
  retries: number;
  allowEmpty?: boolean;
  json?: boolean;
  logLevel?: string;
}

function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('scd-parallel')
    .description('Chunked parallel SCD Type 2 history of a workforce simulation in DuckDB')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  const logLevel = () =>
    new Option('--log-level <level>', 'pino log level on stderr (default: warn on a terminal, info otherwise)').choices([
      'trace',
      'debug',
      'info',
      'warn',
      'error',
      'silent',
    ]);
  const defaultLevel = (flag: string | undefined) => flag ?? (io.isTerminal ? 'warn' : 'info');

  program
    .command('generate')
    .description('generate a deterministic synthetic multi-year workforce')
    .option('--db <file>', 'DuckDB file to write the snapshot table into')
    .option('--parquet <file>', 'write a Parquet file instead')
    .option('--table <name>', 'snapshot table name', DEFAULT_SOURCE_TABLE)
    .option('--employees <n>', 'employees in the starting census', parseInteger, DEFAULT_GENERATE_EMPLOYEES)
    .option('--start-year <year>', 'first simulation year', parseInteger, DEFAULT_GENERATE_START_YEAR)
    .option('--years <n>', 'number of years', parseInteger, DEFAULT_GENERATE_YEARS)
    .option('--seed <n>', 'random seed', parseInteger, DEFAULT_GENERATE_SEED)
    .option('--replace', 'replace an existing table of that name')
    .option('--json', 'print the summary as JSON')
    .action(async (flags) => {
      const summary = await generateWorkforce({
        db: flags.db,
        parquetPath: flags.parquet,
        table: flags.table,
        employees: flags.employees,
        startYear: flags.startYear,
        years: flags.years,
        seed: flags.seed,
        replace: flags.replace,
      });
      io.stdout(flags.json ? `${JSON.stringify(summary)}\n` : formatGenerateSummary(summary));
    });

  withTableFlags(
    program
      .command('run')
      .description('apply snapshot periods to the SCD2 history')
      .requiredOption('--db <file>', 'DuckDB database file')
      .option('--year <year>', 'apply one period', parseInteger)
      .option('--years <from-to>', 'apply a range of periods, e.g. 2025-2030', parseYearRange)
      .option('--all', 'apply every source period not yet applied')
      .option('--chunks <n|auto>', 'hash-range chunks per period (1-4096, or auto)', parseChunks, 'auto' as const)
      .option('--workers <n>', `worker threads (1-16, default ${DEFAULT_WORKERS}: one per core)`, parseInteger, DEFAULT_WORKERS)
      .option('--full-refresh', 'rebuild the whole history from every period in one set-based pass')
      .option('--inline', 'compute change sets in the coordinator with one set-based query, without workers')
      .option('--memory-limit <size>', 'DuckDB memory for coordinator and workers together, e.g. 4GB', parseBytes)
      .option('--temp-dir <dir>', 'where temporary Parquet and spill files go (default: beside the database)')
      .option('--sla-seconds <s>', 'latency SLA of a run', parsePositiveNumber, DEFAULT_SLA_SECONDS)
      .option('--retries <n>', 'retries of a failed chunk', parseInteger, DEFAULT_RETRIES)
      .option('--allow-empty', 'apply an explicitly requested period with no rows as an empty snapshot (closes every current version)')
      .option('--json', 'print the run report as JSON on stdout, no progress')
      .addOption(logLevel()),
  ).action(async (flags: RunFlags) => {
    const report = await runScd({
      db: flags.db,
      table: tableConfigFrom(flags),
      selection: selectionFrom(flags, Boolean(flags.fullRefresh)),
      chunks: flags.chunks,
      workers: flags.workers,
      fullRefresh: flags.fullRefresh,
      inline: flags.inline,
      memoryLimitBytes: flags.memoryLimit,
      tempDirectory: flags.tempDir,
      slaSeconds: flags.slaSeconds,
      retries: flags.retries,
      allowEmpty: flags.allowEmpty,
      logger: createLogger(defaultLevel(flags.logLevel), io),
      ...(!flags.json && io.isTerminal && { onProgress: progressPrinter(io.stderr) }),
    });
    io.stdout(flags.json ? `${JSON.stringify(report)}\n` : formatRunReport(report));
  });

  /** A read-only command over the history: it prints its report as text or JSON. */
  const readOnly = <R>(name: string, description: string, read: (options: CheckOptions) => Promise<R>, format: (report: R) => string, exitCode: (report: R) => number) =>
    withTableFlags(
      program
        .command(name)
        .description(`${description} (read-only)`)
        .requiredOption('--db <file>', 'DuckDB database file')
        .option('--json', 'print the report as JSON'),
    ).action(async (flags: TableFlags & { db: string; json?: boolean }) => {
      const report = await read({ db: flags.db, table: tableConfigFrom(flags) });
      io.stdout(flags.json ? `${JSON.stringify(report)}\n` : format(report));
      setExit(exitCode(report));
    });
  readOnly('check', 'check the integrity of the history table', checkHistory, formatCheckReport, (r) => (r.ok ? ExitCode.ok : ExitCode.checkFailed));
  readOnly('report', 'show the history table and the periods that built it', reportHistory, formatHistoryReport, () => ExitCode.ok);

  program
    .command('demo')
    .description('generate a workforce, run every year and check the history, in a temporary database')
    .option('--employees <n>', 'employees in the starting census', parseInteger, DEFAULT_DEMO_EMPLOYEES)
    .option('--years <n>', 'number of years', parseInteger, DEFAULT_DEMO_YEARS)
    .option('--chunks <n|auto>', 'hash-range chunks per period', parseChunks, 'auto' as const)
    .option('--workers <n>', 'worker threads', parseInteger, DEFAULT_WORKERS)
    .option('--db <file>', 'keep the database at this path instead of a temporary one')
    .addOption(logLevel())
    .action(async (flags) => {
      const dir = flags.db === undefined ? mkdtempSync(join(tmpdir(), 'scd-demo-')) : undefined;
      const db: string = flags.db ?? join(dir as string, 'sim.duckdb');
      try {
        io.stdout(`generating ${flags.employees} employees x ${flags.years} years into ${db}\n`);
        const summary = await generateWorkforce({
          db,
          table: DEFAULT_SOURCE_TABLE,
          employees: flags.employees,
          startYear: DEFAULT_GENERATE_START_YEAR,
          years: flags.years,
          seed: DEFAULT_GENERATE_SEED,
          replace: true,
        });
        io.stdout(formatGenerateSummary(summary));
        const report = await runScd({
          db,
          selection: { kind: 'all' },
          chunks: flags.chunks,
          workers: flags.workers,
          logger: createLogger(defaultLevel(flags.logLevel), io),
          ...(io.isTerminal && { onProgress: progressPrinter(io.stderr) }),
        });
        io.stdout(formatRunReport(report));
        const check = await checkHistory({ db });
        io.stdout(formatCheckReport(check));
        if (!check.ok) setExit(ExitCode.checkFailed);
      } finally {
        if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
      }
    });
  return program;
}

/** The CLI as a function: parses argv, runs, and returns the exit code instead of exiting. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end as "errors" with code 0; every other parse failure is bad input.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.badInput;
    }
    if (error instanceof ScdError) {
      io.stderr(`scd-parallel: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr(`scd-parallel: internal error: ${errorMessage(error)}\n`);
    return ExitCode.internal;
  }
}
