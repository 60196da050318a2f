import type { GenerateProgress } from '../api/generate.js';
import type { CliIo } from './io.js';

type Write = (text: string) => void;

/**
 * A progress printer writing on stderr when stderr is a terminal, and none otherwise: pipes, logs
 * and tests see the same output with or without it.
 */
export function onTerminal<E>(
  io: Pick<CliIo, 'isTerminal' | 'stderr'>,
  printer: (write: Write) => (event: E) => void,
): ((event: E) => void) | undefined {
  return io.isTerminal ? printer(io.stderr) : undefined;
}

/** Generate's progress: one line per simulated year as it is written (100K x 10 takes seconds). */
export function generateProgressPrinter(write: Write): (progress: GenerateProgress) => void {
  return ({ year, done, total, seconds }) =>
    write(
      `generated ${year.year}, year ${done} of ${total}: ${year.rows.toLocaleString('en-US')} rows, ` +
        `${seconds.toFixed(1)} s so far\n`,
    );
}
