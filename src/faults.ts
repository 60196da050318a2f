import { existsSync, writeFileSync } from 'node:fs';
import type { Phase } from './model/phases.js';

/**
 * Test hooks for the crash, worker-failure and one-writer tests, read from SCD_PARALLEL_FAULT
 * (comma-separated rules). Unset, every hook is a no-op. Rules:
 *   kill:<point>:<period>                     SIGKILL the whole process at <point> of <period>
 *   pause:<point>:<period>                    write "<SCD_PARALLEL_RESUME>.paused", then wait for
 *                                             the file SCD_PARALLEL_RESUME to appear
 *   interrupt:<point>:<period>                throw DuckDB's INTERRUPT error there: at committed
 *                                             or swapped, what DuckDB's COMMIT reports when a signal
 *                                             lands while it runs, though it committed (see
 *                                             withTransaction)
 *   worker-throw:<period>:<chunk>:<attempts>  the worker throws on the first <attempts> attempts
 *   worker-exit:<period>:<chunk>:<attempts>   the worker thread exits instead
 * Points: export, compute (inside a worker), merge, insert, check, commit (just before COMMIT),
 * committed (just after; a replay's and an adoption's at their first period), rewind (after a
 * rewind's statements, before anything else; at the first period rewound), generate (before
 * generate's step of a year after the first; its period is that year), and at period 0: swapped
 * (a full refresh's swap committed), exported (an export's files written, before they are renamed
 * into place), close (before a writing command's last checkpoint).
 */
export type FaultPoint = Phase | 'committed' | 'rewind' | 'swapped' | 'exported' | 'close' | 'generate';

function rules(): string[][] {
  const spec = process.env.SCD_PARALLEL_FAULT;
  return spec === undefined || spec === '' ? [] : spec.split(',').map((rule) => rule.split(':'));
}

export async function faultPoint(point: FaultPoint, period: number): Promise<void> {
  for (const [action, at, atPeriod] of rules()) {
    if (at !== point || Number(atPeriod) !== period) continue;
    if (action === 'kill') process.kill(process.pid, 'SIGKILL');
    if (action === 'pause') {
      const resume = process.env.SCD_PARALLEL_RESUME ?? '';
      writeFileSync(`${resume}.paused`, '');
      while (!existsSync(resume)) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    if (action === 'interrupt') throw new Error('INTERRUPT Error: Interrupted!');
  }
}

/** In a worker: fail the way a rule says, for this chunk and attempt. */
export function workerFault(period: number, chunk: number, attempt: number): void {
  for (const [action, atPeriod, atChunk, attempts] of rules()) {
    if (Number(atPeriod) !== period || Number(atChunk) !== chunk || attempt >= Number(attempts)) continue;
    if (action === 'worker-throw') throw new Error(`injected failure in chunk ${chunk}`);
    if (action === 'worker-exit') process.exit(1);
  }
}
