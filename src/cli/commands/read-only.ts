import type { Command } from 'commander';
import type { ReadOptions } from '../../history/read-only.js';
import { type TableFlags, tableLayerFrom, withTableFlags } from '../flags.js';
import type { CommandContext } from '../io.js';
import { type LakeFlags, lakeFrom, withLakeFlags, withLakeTimeFlags } from '../lake-flags.js';

/** --key is the table flag of key columns (a list), or with keyColumnsFlag false the command's own. */
type ReadOnlyFlags = Omit<TableFlags, 'key'> & LakeFlags & { db: string; json?: boolean; key?: unknown };

/** A read-only command over a history: it prints its report as text or JSON and exits by it. */
export function readOnlyCommand<R, F extends ReadOnlyFlags = ReadOnlyFlags>(
  program: Command,
  { io, setExit }: CommandContext,
  command: {
    readonly name: string;
    readonly description: string;
    /** The command's own flags, beside --db, --json and the table flags. */
    readonly options?: (command: Command) => Command;
    /** false: the command's own --key replaces the table flag of key columns (see withTableFlags). */
    readonly keyColumnsFlag?: false;
    /** `from`: the database, the lake and the tables the flags name. */
    readonly read: (flags: F, from: ReadOptions) => Promise<R>;
    readonly format: (report: R) => string;
    readonly exitCode: (report: R) => number;
  },
): void {
  const base = withLakeTimeFlags(
    withLakeFlags(
      program
        .command(command.name)
        .description(`${command.description} (read-only)`)
        .requiredOption('--db <file>', 'DuckDB database file')
        .option('--json', 'print the report as JSON'),
    ),
  );
  const keyColumns = command.keyColumnsFlag ?? true;
  withTableFlags(command.options?.(base) ?? base, keyColumns).action(async (flags: F) => {
    const table = tableLayerFrom(keyColumns ? (flags as TableFlags) : { ...flags, key: undefined });
    const report = await command.read(flags, { db: flags.db, table, lake: lakeFrom(flags) });
    io.stdout(flags.json ? `${JSON.stringify(report)}\n` : command.format(report));
    setExit(command.exitCode(report));
  });
}
