import type { HistorySpec } from '../history-spec.js';
import { statement, templateFragment } from '../template.js';
import { bookkeeping, dateText, limit } from './shared.js';

/** Adopting a dbt snapshot: what its versions hold, and the ledger rows derived from them. */
export const adoptStatements = {
  /** Ledger rows from the versions of an adopted snapshot. */
  periodsDerive: (spec: HistorySpec) =>
    statement(
      'adopt/periods_derive',
      { version_changes: templateFragment('adopt/version_changes', {}, spec.fragments) },
      { ...spec.fragments, ...bookkeeping },
    ),
  adoptBoundaries: (spec: HistorySpec) =>
    statement('adopt/boundaries', { boundary_text: dateText('__scd_at') }, spec.fragments),
  adoptScdIds: (spec: HistorySpec) => statement('adopt/scd_ids', { limit }, spec.fragments),
  adoptDeletedValues: (spec: HistorySpec) => statement('adopt/deleted_values', { limit }, spec.fragments),
};
