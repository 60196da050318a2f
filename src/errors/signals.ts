/** Errors of a command a signal stopped: each says what it did, as the database holds it once it stopped. */
import { ExitCode, list, ScdError } from './core.js';

const SIGNAL_EXIT: Record<string, ExitCode> = {
  SIGHUP: ExitCode.hangup,
  SIGINT: ExitCode.interrupt,
  SIGTERM: ExitCode.terminate,
};
export const SIGNALS = Object.keys(SIGNAL_EXIT) as readonly string[];
export const signalExitCode = (signal: string): ExitCode => SIGNAL_EXIT[signal] ?? ExitCode.terminate;
/** The details of an interruption raised between statements, to tell it from other failures. */
export const INTERRUPTED = Symbol('interrupted');
const stoppedBy = (signal: string, what: string, details?: unknown) =>
  new ScdError('INTERRUPTED', `interrupted by ${signal}${what}`, details, signalExitCode(signal));
/** Raised between statements; the command replaces it with one saying what it did. */
export const stopped = (signal: string) => stoppedBy(signal, '', INTERRUPTED);
/**
 * `undone`: what was rolled back, if anything ('the period in progress was'); `committed`: the
 * periods the ledger holds from this run.
 */
export const interrupted = (signal: string, committed: readonly number[], undone = 'no period was') =>
  stoppedBy(signal, `: ${undone} rolled back; committed by this run: ${list(committed)}`);
export const refreshInterrupted = (signal: string) =>
  stoppedBy(signal, ': the full refresh was rolled back and its rebuild dropped; the history is as it was');
export const rewindInterrupted = (signal: string) => stoppedBy(signal, ': the rewind was rolled back');
export const rewindNotBegun = (signal: string) =>
  stoppedBy(signal, ' before the rewind began; the history is as it was');
export const rewindCommitted = (signal: string, to: number | null) => {
  const now = to === null ? 'is now empty' : `now ends at period ${to}`;
  return stoppedBy(signal, ` after the rewind committed: the history ${now}`);
};
export const adoptInterrupted = (signal: string) =>
  stoppedBy(signal, ': the adoption was rolled back, nothing was recorded');
export const adoptNotBegun = (signal: string) => stoppedBy(signal, ' before the adoption began; nothing was recorded');
export const adoptCommitted = (signal: string, table: string, through: number) =>
  stoppedBy(signal, ` after the adoption committed: ${table} is adopted through period ${through}`);
