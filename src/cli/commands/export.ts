import type { Command } from 'commander';
import { exportHistory } from '../../api/export.js';
import { ExitCode } from '../../errors/index.js';
import type { CommandContext } from '../io.js';
import { formatExportReport } from '../output-export.js';
import { readOnlyCommand } from './read-only.js';

type ExportFlags = { db: string; json?: boolean; out: string; partitionBy?: string; currentOnly?: boolean };

export function exportCommand(program: Command, context: CommandContext): void {
  readOnlyCommand<Awaited<ReturnType<typeof exportHistory>>, ExportFlags>(program, context, {
    name: 'export',
    description:
      'write the history as hive-partitioned Parquet (zstd) into a directory, replacing an earlier export atomically',
    options: (command) =>
      command
        .requiredOption(
          '--out <dir>',
          'the export directory: absent, or an earlier export (never a directory of yours)',
        )
        .option(
          '--partition-by <column>',
          "history column of the partitions (default: the period column, each version's first period)",
        )
        .option('--current-only', 'only the current versions'),
    read: (flags, from) =>
      exportHistory({
        ...from,
        out: flags.out,
        partitionBy: flags.partitionBy,
        currentOnly: flags.currentOnly,
      }),
    format: formatExportReport,
    exitCode: () => ExitCode.ok,
  });
}
