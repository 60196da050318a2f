import type { Command } from 'commander';
import { checkHistory } from '../../api/check.js';
import { ExitCode } from '../../errors/index.js';
import type { CommandContext } from '../io.js';
import { formatCheckReport } from '../output.js';
import { readOnlyCommand } from './read-only.js';

export function checkCommand(program: Command, context: CommandContext): void {
  readOnlyCommand(program, context, {
    name: 'check',
    description: 'check the integrity of the history table',
    read: (_flags, from) => checkHistory(from),
    format: formatCheckReport,
    exitCode: (r) => (r.ok ? ExitCode.ok : ExitCode.checkFailed),
  });
}
