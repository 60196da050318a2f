import type { Command } from 'commander';
import { adoptSnapshot } from '../../api/adopt.js';
import { type TableFlags, tableLayerFrom, withTableFlags } from '../flags.js';
import { type CommandContext, createLogger, logLevelOption } from '../io.js';
import { type LakeFlags, lakeFrom, withLakeFlags } from '../lake-flags.js';
import { formatAdoptReport } from '../output.js';

interface AdoptFlags extends TableFlags, LakeFlags {
  db: string;
  tempDir?: string;
  json?: boolean;
  logLevel?: string;
}

export function adoptCommand(program: Command, { io, signal }: CommandContext): void {
  withTableFlags(
    withLakeFlags(
      program
        .command('adopt')
        .description('take over a dbt snapshot table (--target), checked against the source, so that run continues it')
        .requiredOption('--db <file>', 'DuckDB database file')
        .option('--temp-dir <dir>', 'where spill files go (default: beside the database)')
        .option('--json', 'print the report as JSON on stdout')
        .addOption(logLevelOption()),
    ),
  ).action(async (flags: AdoptFlags) => {
    const report = await adoptSnapshot({
      db: flags.db,
      lake: lakeFrom(flags),
      table: tableLayerFrom(flags),
      tempDirectory: flags.tempDir,
      signal,
      logger: createLogger(io, flags.logLevel),
    });
    io.stdout(flags.json ? `${JSON.stringify(report)}\n` : formatAdoptReport(report));
  });
}
