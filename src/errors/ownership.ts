/** Errors about which tables are the engine's, and where a history may be created. */
import { bad, list } from './core.js';

const NOTHING_CHANGED = 'nothing was changed (give another --db)';

export const notOurHistory = (target: string, why: string) =>
  bad(
    `table ${target} is not the history scd-parallel created (${why}); ` +
      'it is left untouched: rename it to keep it, or name another --target',
  );
export const engineTableAsTarget = (target: string, role: string, advice = 'name another --target') =>
  bad(`table ${target} is ${role}, not a history; it is left untouched (${advice})`);
export const rebuildNameTaken = (target: string, history: string) =>
  bad(
    `history table ${target} would take the name of the rebuild table of ${history}'s full refresh; ` +
      'name another --target',
  );
export const engineTableAsSource = (source: string, role: string) =>
  bad(`source ${source} is ${role}, which the engine writes; it cannot be a source (name the snapshot table)`);
export const targetPlace = (target: string, why: string, example: string) =>
  bad(`cannot create history table ${target}: ${why} (name a table of the database, e.g. ${example})`);
export const demoSourceRead = (table: string, histories: readonly string[]) =>
  bad(`demo would replace table ${table}, the source of histories ${list(histories)}; ` + NOTHING_CHANGED);
export const demoTargetTaken = (target: string, kind: string) =>
  bad(`demo writes history ${target}, but the database holds a ${kind} of that name; ` + NOTHING_CHANGED);
