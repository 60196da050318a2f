import type { Command } from 'commander';
import { rewindScd } from '../../api/rewind.js';
import { type TableFlags, tableLayerFrom, withTableFlags } from '../flags.js';
import { type CommandContext, createLogger, logLevelOption } from '../io.js';
import { type LakeFlags, lakeFrom, withLakeFlags } from '../lake-flags.js';
import { formatRewindReport } from '../output.js';
import { parseInteger } from '../parse.js';

interface RewindFlags extends TableFlags, LakeFlags {
  db: string;
  to: number;
  tempDir?: string;
  json?: boolean;
  logLevel?: string;
}

export function rewindCommand(program: Command, { io, signal }: CommandContext): void {
  withTableFlags(
    withLakeFlags(
      program
        .command('rewind')
        .description('return the history to exactly its state after a period was applied, in one transaction')
        .requiredOption('--db <file>', 'DuckDB database file')
        .requiredOption(
          '--to <period>',
          'the last period to keep; one before the first applied period empties the history',
          parseInteger,
        )
        .option('--temp-dir <dir>', 'where spill files go (default: beside the database)')
        .option('--json', 'print the report as JSON on stdout')
        .addOption(logLevelOption()),
    ),
  ).action(async (flags: RewindFlags) => {
    const report = await rewindScd({
      db: flags.db,
      lake: lakeFrom(flags),
      to: flags.to,
      table: tableLayerFrom(flags),
      tempDirectory: flags.tempDir,
      signal,
      logger: createLogger(io, flags.logLevel),
    });
    io.stdout(flags.json ? `${JSON.stringify(report)}\n` : formatRewindReport(report));
  });
}
