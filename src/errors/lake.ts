/** Errors of a history in a DuckLake (--lake): the extensions, the catalog, and what a lake cannot do yet. */

import { type Message, option, ScdError, say } from './core.js';

export const lakeUnavailable = (directory: string | undefined, cause: string) =>
  new ScdError(
    'LAKE_UNAVAILABLE',
    directory === undefined
      ? say`the ducklake extension cannot be loaded: ${cause} (give ${option('lake.extensionDirectory')})`
      : `the ducklake extension cannot be loaded from ${directory}: ${cause}`,
  );

export const cannotOpenLake = (catalog: string, cause: string) =>
  new ScdError('CANNOT_OPEN_LAKE', say`${option('lake')} ${catalog} cannot be attached: ${cause}`);

/** `what`: the operation or option, as the message names it. */
export const notOnLake = (what: string | Message) =>
  new ScdError('NOT_ON_LAKE', say`${what} does not work on a history in a lake yet (see the README's lake section)`);

export const runNotInLake = (what: string, known: readonly string[]) =>
  new ScdError(
    'RUN_NOT_IN_LAKE',
    `${what} is not in the lake${known.length === 0 ? '' : ` (its runs: ${known.join(', ')})`}`,
  );

export const lakeConflict = (cause: string) =>
  new ScdError(
    'LAKE_CONFLICT',
    `another writer committed to the lake what this transaction also wrote; it was rolled back: ${cause}`,
  );

export const lakeHistoryInUse = (target: string, catalog: string, pid: number) =>
  new ScdError(
    'IN_USE',
    `history ${target} in lake ${catalog} is being written by process ${pid} (a run may be in progress)`,
  );
