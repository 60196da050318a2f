import { ExitCode, ScdError } from './core.js';

/**
 * A history that is not as the engine left it (issue 23, item 5): exit 1, as a failed integrity
 * check is, and apart from a changed source (exit 2), which --replace applies again. Nothing is
 * written; the way out is to undo the change, or to rebuild the history from its source (not for
 * an adopted dbt snapshot, whose dates no source gives).
 */
function notAsLeft(what: string, adopted: boolean): ScdError {
  const wayOut = adopted ? 'undo the change' : 'undo the change, or rebuild it from the source with fullRefresh';
  return new ScdError(`${what}; nothing was written; ${wayOut}`, ExitCode.checkFailed, undefined, adopted ? [] : ['fullRefresh']);
}

/** The ledger's rows differ from those whose digest its latest period recorded. */
export const ledgerNotAsLeft = (target: string, ledger: string, period: number, adopted: boolean) =>
  notAsLeft(`${target} is not as the engine left it: the periods recorded in ${ledger} changed since it recorded period ${period}`, adopted);

/**
 * The history differs from the fingerprint its latest period recorded (none recorded: `unrecorded`),
 * and these checks of `check` fail; or, verifying only what the run touches, these checks failed.
 */
export const historyNotAsLeft = (target: string, period: number, failures: readonly string[], how: 'check' | 'unrecorded' | 'touched', adopted: boolean) => {
  const found = {
    check: `${target} is not as the engine left it when it applied period ${period}, and check fails: `,
    unrecorded: `${target} has no fingerprint recorded (an earlier version wrote it), and check fails: `,
    touched: `${target} is not as the engine left it when it applied period ${period}: `,
  }[how];
  return notAsLeft(`${found}${failures.join('; ')}`, adopted);
};
