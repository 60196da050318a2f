import type { Command } from 'commander';
import { historyAsOf } from '../../api/as-of.js';
import { ExitCode } from '../../errors/index.js';
import type { CommandContext } from '../io.js';
import { formatAsOfReport } from '../output-export.js';
import { parseInteger } from '../parse.js';
import { readOnlyCommand } from './read-only.js';

type AsOfFlags = { db: string; json?: boolean; year?: number; out?: string };

export function asOfCommand(program: Command, context: CommandContext): void {
  readOnlyCommand<Awaited<ReturnType<typeof historyAsOf>>, AsOfFlags>(program, context, {
    name: 'as-of',
    description:
      'the history as of an applied period, which equals its ' +
      'snapshot: the row count and first rows, or all rows into a file',
    options: (command) =>
      command
        .option('--year <period>', 'an applied period (default: the last one applied)', parseInteger)
        .option('--out <file>', 'write the rows to a .parquet or .csv file'),
    read: (flags, from) => historyAsOf({ ...from, period: flags.year, out: flags.out }),
    format: formatAsOfReport,
    exitCode: () => ExitCode.ok,
  });
}
