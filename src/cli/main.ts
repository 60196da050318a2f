import { Command, CommanderError } from 'commander';
import { ExitCode, ScdError, errorMessage } from '../errors.js';
import { checkCommand } from './commands/check.js';
import { demoCommand } from './commands/demo.js';
import { generateCommand } from './commands/generate.js';
import { reportCommand } from './commands/report.js';
import { runCommand } from './commands/run.js';
import { withFlags } from './flags.js';
import { type CliIo, type CommandContext, processIo } from './io.js';

export type { CliIo };

const COMMANDS = [generateCommand, runCommand, checkCommand, reportCommand, demoCommand];

function buildProgram(context: CommandContext): Command {
  const program = new Command('scd-parallel')
    .description('Chunked parallel SCD Type 2 history of a workforce simulation in DuckDB')
    .exitOverride()
    .configureOutput({ writeOut: context.io.stdout, writeErr: context.io.stderr });
  for (const command of COMMANDS) command(program, context);
  return program;
}

/** The CLI as a function: parses argv, runs, and returns the exit code instead of exiting. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const program = buildProgram({ io, setExit: (code) => (exitCode = code) });
  try {
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end as "errors" with code 0; every other parse failure is bad input.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.badInput;
    }
    if (error instanceof ScdError) {
      io.stderr(`scd-parallel: ${withFlags(error.message, error.options)}\n`);
      return error.exitCode;
    }
    io.stderr(`scd-parallel: internal error: ${errorMessage(error)}\n`);
    return ExitCode.internal;
  }
}
