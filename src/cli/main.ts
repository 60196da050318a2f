import { Command, CommanderError } from 'commander';
import { bounded, ExitCode, errorMessage, ScdError, SIGNALS, signalExitCode } from '../errors/index.js';
import { adoptCommand } from './commands/adopt.js';
import { asOfCommand } from './commands/as-of.js';
import { checkCommand } from './commands/check.js';
import { demoCommand } from './commands/demo.js';
import { diffCommand } from './commands/diff.js';
import { exportCommand } from './commands/export.js';
import { generateCommand } from './commands/generate.js';
import { reportCommand } from './commands/report.js';
import { rewindCommand } from './commands/rewind.js';
import { runCommand } from './commands/run.js';
import { showCommand } from './commands/show.js';
import { asScdError, failureJson, wantsJson } from './failure.js';
import { cliMessage } from './flags.js';
import { type CliIo, type CommandContext, processIo } from './io.js';

export type { CliIo };

const COMMANDS = [
  ...[generateCommand, runCommand, rewindCommand, adoptCommand, checkCommand, reportCommand],
  ...[exportCommand, asOfCommand, showCommand, diffCommand, demoCommand],
];

function buildProgram(context: CommandContext): Command {
  const program = new Command('scd-parallel')
    .description('Chunked parallel SCD Type 2 history of a workforce simulation in DuckDB')
    .exitOverride()
    .configureOutput({ writeOut: context.io.stdout, writeErr: context.io.stderr });
  for (const command of COMMANDS) command(program, context);
  return program;
}

/**
 * A first SIGINT, SIGTERM or SIGHUP asks the run to stop cleanly (roll back, remove temporary
 * files, say what was committed); a second one ends the process at once.
 */
function watchSignals(io: CliIo, controller: AbortController): () => void {
  if (!io.handleSignals) return () => {};
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(signalExitCode(signal));
    io.stderr(`scd-parallel: ${signal} received, stopping after the statement in progress\n`);
    controller.abort(signal);
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return () => {
    for (const signal of SIGNALS) process.off(signal, onSignal);
  };
}

/** The CLI as a function: parses argv, runs, and returns the exit code instead of exiting. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const controller = new AbortController();
  const program = buildProgram({ io, setExit: (code) => (exitCode = code), signal: controller.signal });
  // Only the writing commands (and the demo) can stop cleanly; the others keep Node's default.
  const stoppable = ['generate', 'run', 'rewind', 'adopt', 'demo'].includes(argv[2] ?? '');
  const unwatch = stoppable ? watchSignals(io, controller) : () => {};
  try {
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    // --help and --version end as "errors" with code 0.
    if (error instanceof CommanderError && error.exitCode === 0) return ExitCode.ok;
    const failure = asScdError(error);
    // Bounded as every ScdError is: DuckDB's messages quote the statement.
    const said = error instanceof ScdError ? cliMessage(error) : `internal error: ${bounded(errorMessage(error))}`;
    // commander has already said what it refused.
    if (!(error instanceof CommanderError)) io.stderr(`scd-parallel: ${said}\n`);
    if (wantsJson(program, argv)) io.stdout(failureJson(failure));
    return failure.exitCode;
  } finally {
    unwatch();
  }
}
