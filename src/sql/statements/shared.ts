import { BOOKKEEPING } from '../history-spec.js';
import { fragment } from '../template.js';

/** The ledger's names, which its statements (and the checks, adopt and as-of) take as they need. */
export const bookkeeping = { periods: BOOKKEEPING.periods.sql, histories: BOOKKEEPING.histories.sql };

/** How many offending keys an error or a check names. */
export const SAMPLE_LIMIT = 10;
export const limit = fragment(String(SAMPLE_LIMIT));

/**
 * A ledger date as text: YYYY-MM-DD, as the source's dates read, with a time of day only where
 * there is one (an adopted dbt snapshot's run times). Text compares in time order.
 */
export const dateText = (column: string) => {
  // Through TIMESTAMP: a ledger written before holds DATEs (until a write widens it), which do not cast to TIME.
  const at = `CAST(${column} AS TIMESTAMP)`;
  return fragment(
    `CASE WHEN CAST(${at} AS TIME) = TIME '00:00:00' THEN strftime(${at}, ` +
      `'%Y-%m-%d') ELSE strftime(${at}, '%Y-%m-%d %H:%M:%S.%f') END`,
  );
};
