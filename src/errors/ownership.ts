/** Errors about which tables are the engine's, and where a history may be created. */
import { list, option, ScdError, say } from './core.js';

const NOTHING_CHANGED = say`nothing was changed (give another ${option('db')})`;
const ANOTHER_TARGET = say`name another ${option('targetTable')}`;

export const notOurHistory = (target: string, why: string) => {
  const notOurs = `table ${target} is not the history scd-parallel created (${why})`;
  const untouched = say`it is left untouched: rename it to keep it, or ${ANOTHER_TARGET}`;
  return new ScdError('NOT_ENGINE_TABLE', say`${notOurs}; ${untouched}`);
};
/** `history`: the history whose rebuild table `target` is, to be named instead. */
export const engineTableAsTarget = (target: string, role: string, history?: string) => {
  const advice = history === undefined ? ANOTHER_TARGET : say`name ${history} as ${option('targetTable')}`;
  const message = say`table ${target} is ${role}, not a history; it is left untouched (${advice})`;
  return new ScdError('RESERVED_TABLE', message);
};
export const rebuildNameTaken = (target: string, history: string) => {
  const taken = `history table ${target} would take the name of the rebuild table of ${history}'s full refresh`;
  return new ScdError('RESERVED_TABLE', say`${taken}; ${ANOTHER_TARGET}`);
};
export const engineTableAsSource = (source: string, role: string) =>
  new ScdError(
    'RESERVED_TABLE',
    `source ${source} is ${role}, which the engine writes; it cannot be a source (name the snapshot table)`,
  );
export const targetPlace = (target: string, why: string, example: string) =>
  new ScdError(
    'INVALID_TARGET',
    `cannot create history table ${target}: ${why} (name a table of the database, e.g. ${example})`,
  );
export const demoSourceRead = (table: string, histories: readonly string[]) =>
  new ScdError(
    'DEMO_CONFLICT',
    say`demo would replace table ${table}, the source of histories ${list(histories)}; ${NOTHING_CHANGED}`,
  );
export const demoTargetTaken = (target: string, kind: string) =>
  new ScdError(
    'DEMO_CONFLICT',
    say`demo writes history ${target}, but the database holds a ${kind} of that name; ${NOTHING_CHANGED}`,
  );
