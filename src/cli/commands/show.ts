import type { Command } from 'commander';
import { showKey } from '../../api/show.js';
import { ExitCode } from '../../errors/index.js';
import type { CommandContext } from '../io.js';
import { formatShowReport } from '../output-show.js';
import { parseKeyValue } from '../parse.js';
import { readOnlyCommand } from './read-only.js';

type ShowFlags = { db: string; json?: boolean; key: string | Record<string, string> };

export function showCommand(program: Command, context: CommandContext): void {
  readOnlyCommand<Awaited<ReturnType<typeof showKey>>, ShowFlags>(program, context, {
    name: 'show',
    description: "a key's versions in order: validity, tracked values, and which of them each version changed",
    options: (command) =>
      command.requiredOption(
        '--key <value>',
        'the key: its value (E000123), or column=value pairs (scenario_id=A,employee_id=E1)',
        parseKeyValue,
      ),
    keyColumnsFlag: false,
    read: (flags, from) => showKey({ ...from, key: flags.key }),
    format: formatShowReport,
    exitCode: () => ExitCode.ok,
  });
}
