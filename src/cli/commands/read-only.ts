import type { Command } from 'commander';
import type { CheckOptions } from '../../history/check.js';
import { type TableFlags, tableLayerFrom, withTableFlags } from '../flags.js';
import type { CommandContext } from '../io.js';

/** A read-only command over a history: it prints its report as text or JSON and exits by it. */
export function readOnlyCommand<R>(
  program: Command,
  { io, setExit }: CommandContext,
  command: {
    readonly name: string;
    readonly description: string;
    readonly read: (options: CheckOptions) => Promise<R>;
    readonly format: (report: R) => string;
    readonly exitCode: (report: R) => number;
  },
): void {
  withTableFlags(
    program
      .command(command.name)
      .description(`${command.description} (read-only)`)
      .requiredOption('--db <file>', 'DuckDB database file')
      .option('--json', 'print the report as JSON'),
  ).action(async (flags: TableFlags & { db: string; json?: boolean }) => {
    const report = await command.read({ db: flags.db, table: tableLayerFrom(flags) });
    io.stdout(flags.json ? `${JSON.stringify(report)}\n` : command.format(report));
    setExit(command.exitCode(report));
  });
}
