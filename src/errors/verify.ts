import { type Message, option, ScdError, say } from './core.js';

/**
 * A history that is not as the engine left it (issue 23, item 5): exit 1, as a failed integrity
 * check is, and apart from a changed source (exit 2), which --replace applies again. Nothing is
 * written; the way out is to undo the change, or to rebuild the history from its source (not for
 * an adopted dbt snapshot, whose dates no source gives).
 */
const UNRECORDED = say`an earlier version, or a run with ${option('verify')} touched, applied its last period`;
const REFRESH = option('fullRefresh');
function notAsLeft(what: string | Message, adopted: boolean): ScdError {
  const wayOut = adopted ? 'undo the change' : say`undo the change, or rebuild it from the source with ${REFRESH}`;
  return new ScdError('HISTORY_NOT_AS_LEFT', say`${what}; nothing was written; ${wayOut}`);
}

/** The ledger's rows differ from those whose digest its latest period recorded. */
export const ledgerNotAsLeft = (target: string, ledger: string, period: number, adopted: boolean) =>
  notAsLeft(
    `${target} is not as the engine left it: the periods recorded ` +
      `in ${ledger} changed since it recorded period ${period}`,
    adopted,
  );

/**
 * The history differs from the fingerprints its latest period recorded (`period`; null: none of
 * the whole history was recorded), in what `differs` names where the run verified only what it
 * touches, and these checks of `check` fail.
 */
export const historyNotAsLeft = (
  target: string,
  period: number | null,
  differs: readonly string[],
  failures: readonly string[],
  adopted: boolean,
) => {
  const what = differs.length > 0 ? ` (${differs.join('; ')})` : '';
  const found =
    period === null
      ? say`${target} has no fingerprint of its whole history recorded (${UNRECORDED})`
      : `${target} is not as the engine left it when it applied period ${period}${what}`;
  return notAsLeft(say`${found}, and check fails: ${failures.join('; ')}`, adopted);
};
