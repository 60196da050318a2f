import { BOOKKEEPING, type HistorySpec } from './history-spec.js';
import { render } from './template.js';
import { trackedTops } from './tracked-transitions.js';

/**
 * The statements that read a history period by period beside its ledger, for the report's page
 * (src/history/period-figures.ts); read-only. Kept apart from statements.ts; `sql` spreads them in.
 */
export const historyStatements = {
  /** Binds $target. */
  historyCurrentRows: (spec: HistorySpec) =>
    render('history_current_rows', { ...spec.fragments, periods: BOOKKEEPING.periods.sql }),
  /** Binds $target, $top (transitions per period and column) and $value_chars. */
  historyTransitions: (spec: HistorySpec) =>
    render('history_transitions', {
      ...spec.fragments,
      periods: BOOKKEEPING.periods.sql,
      tracked_tops: trackedTops(spec.config.trackedColumns.length),
    }),
};
