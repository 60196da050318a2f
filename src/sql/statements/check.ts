import type { HistorySpec } from '../history-spec.js';
import { type Fragment, fragment, statement } from '../template.js';
import type { TemplateName } from '../templates.js';
import { bookkeeping, limit } from './shared.js';

/** The templates of `check`, one a check. */
export type CheckTemplate = Extract<TemplateName, `check/${string}`>;

/** The checks in a period's transaction (verify/), and those of the `check` command (check/). */
export const checkStatements = {
  /** With `closed`, the fingerprint of the versions the period closed too (a read of their keys and tracked values). */
  verifyApply: (spec: HistorySpec, closed: boolean) =>
    statement('verify/apply', { ...(!closed && { closed_fingerprint: fragment('NULL') }) }, spec.fragments),
  verifyDuplicates: (spec: HistorySpec) => statement('verify/duplicates', {}, spec.fragments),
  verifyFound: (spec: HistorySpec) => statement('verify/found', {}, spec.fragments),
  verifyFoundOverlap: (spec: HistorySpec, changes: Fragment) =>
    statement('verify/found_overlap', { changes }, spec.fragments),
  verifyRewind: (spec: HistorySpec) => statement('verify/rewind', {}, spec.fragments),
  /** The checks take what they need of the history's fragments, the ledger's names and the sample's size. */
  check: (spec: HistorySpec, template: CheckTemplate) =>
    statement(template, {}, { ...spec.fragments, ...bookkeeping, limit }),
};
