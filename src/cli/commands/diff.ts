import type { Command } from 'commander';
import { diffPeriods } from '../../api/diff.js';
import { DEFAULTS } from '../../defaults.js';
import { ExitCode } from '../../errors/index.js';
import type { CommandContext } from '../io.js';
import { formatDiffReport } from '../output-diff.js';
import { parseInteger } from '../parse.js';
import { readOnlyCommand } from './read-only.js';

type DiffFlags = { db: string; json?: boolean; from: number; to: number; top: number };

export function diffCommand(program: Command, context: CommandContext): void {
  readOnlyCommand<Awaited<ReturnType<typeof diffPeriods>>, DiffFlags>(program, context, {
    name: 'diff',
    description:
      'keys that entered, left and changed between two applied ' +
      'periods; the most frequent transitions per tracked column',
    options: (command) =>
      command
        .requiredOption('--from <period>', 'an applied period', parseInteger)
        .requiredOption('--to <period>', 'another applied period', parseInteger)
        .option('--top <n>', 'transitions shown per tracked column', parseInteger, DEFAULTS.diffTop),
    read: (flags, at) => diffPeriods({ ...at, from: flags.from, to: flags.to, top: flags.top }),
    format: formatDiffReport,
    exitCode: () => ExitCode.ok,
  });
}
