import type { Command } from 'commander';
import { ExitCode } from '../../errors/index.js';
import { reportHistory } from '../../history/report.js';
import type { CommandContext } from '../io.js';
import { formatHistoryReport } from '../output.js';
import { readOnlyCommand } from './read-only.js';

export function reportCommand(program: Command, context: CommandContext): void {
  readOnlyCommand(program, context, {
    name: 'report',
    description: 'show the history table, its settings and the periods that built it',
    read: reportHistory,
    format: formatHistoryReport,
    exitCode: () => ExitCode.ok,
  });
}
