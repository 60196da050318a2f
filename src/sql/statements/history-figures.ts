import type { HistorySpec } from '../history-spec.js';
import { statement } from '../template.js';
import { trackedTops } from '../tracked-transitions.js';
import { bookkeeping } from './shared.js';

/**
 * The statements that read a history period by period beside its ledger, for the report's page
 * (src/history/period-figures.ts); read-only.
 */
export const historyFigureStatements = {
  /** Binds $target. */
  historyCurrentRows: (spec: HistorySpec) =>
    statement('monitoring/history_current_rows', {}, { ...spec.fragments, ...bookkeeping }),
  /** Binds $target, $top (transitions per period and column) and $value_chars. */
  historyTransitions: (spec: HistorySpec) =>
    statement(
      'monitoring/history_transitions',
      { tracked_tops: trackedTops(spec.config.trackedColumns.length) },
      { ...spec.fragments, ...bookkeeping },
    ),
};
