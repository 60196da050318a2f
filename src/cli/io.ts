import { Option } from 'commander';
import { type Logger, pino } from 'pino';

/** Where the CLI writes; tests pass their own. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly isTerminal: boolean;
  /** Where pino writes; stderr by default. */
  readonly logDestination?: pino.DestinationStream;
  /** Whether SIGINT, SIGTERM and SIGHUP stop a run cleanly (the real process only). */
  readonly handleSignals?: boolean;
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTerminal: Boolean(process.stderr.isTTY),
  handleSignals: true,
};

/** What every command is given: where to write, and how to set the exit code it ends with. */
export interface CommandContext {
  readonly io: CliIo;
  readonly setExit: (code: number) => void;
  /** Aborted, with the signal's name as reason, when the process is asked to stop. */
  readonly signal: AbortSignal;
}

export function logLevelOption(): Option {
  return new Option(
    '--log-level <level>',
    'pino log level on stderr (default: warn on a terminal, info otherwise)',
  ).choices(['trace', 'debug', 'info', 'warn', 'error', 'silent']);
}

export function createLogger(io: CliIo, level: string | undefined): Logger {
  return pino(
    { level: level ?? (io.isTerminal ? 'warn' : 'info'), base: { name: 'scd-parallel' } },
    io.logDestination ?? pino.destination(2),
  );
}
