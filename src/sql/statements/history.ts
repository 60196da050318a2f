import type { Column } from '../history-schema.js';
import type { HistorySpec } from '../history-spec.js';
import { type Fragment, fragment, statement, templateFragment } from '../template.js';

/**
 * Which keys a statement of the apply names: those that change (`changed`), or all but those that
 * do not (`unchanged`); the coordinator picks the smaller side per period.
 */
export type ApplySide = 'changed' | 'unchanged';

const changedKeys = (spec: HistorySpec, prefix: string, changes: Fragment, through: ApplySide, actions: Fragment) =>
  templateFragment('apply/changed_keys', {
    tuple: spec.key.tuple(prefix),
    changes,
    exchange_key: spec.key.exchangeList(),
    ...(through === 'changed'
      ? { membership: fragment('IN'), actions }
      : { membership: fragment('NOT IN'), actions: fragment("'U'") }),
  });

/** The versions a period closes: those of the keys its change set closes. */
const closing = (spec: HistorySpec, changes: Fragment, through: ApplySide) =>
  changedKeys(spec, 't', changes, through, spec.fragments.close_actions as Fragment);

/** The history table: its creation, a period's apply, a rewind, and what reads it whole. */
export const historyStatements = {
  targetCreate: (spec: HistorySpec, source: readonly Column[]) =>
    statement('history/create', { target: spec.target.sql, definitions: spec.schema.definitions(source) }),
  targetRows: (spec: HistorySpec) => statement('history/rows', {}, spec.fragments),
  historySummary: (spec: HistorySpec) => statement('history/summary', {}, spec.fragments),
  closeVersions: (spec: HistorySpec, changes: Fragment, through: ApplySide) =>
    statement('apply/close_versions', { closing: closing(spec, changes, through) }, spec.fragments),
  /** A lake's close, as a copy of the closed versions and a delete of the open ones (see close_versions_copy). */
  closeVersionsCopy: (spec: HistorySpec, changes: Fragment, through: ApplySide) =>
    statement('apply/close_versions_copy', { closing: closing(spec, changes, through) }, spec.fragments),
  closeVersionsDelete: (spec: HistorySpec, changes: Fragment, through: ApplySide) =>
    statement('apply/close_versions_delete', { closing: closing(spec, changes, through) }, spec.fragments),
  closeTombstones: (spec: HistorySpec, changes: Fragment) =>
    statement(
      'apply/close_tombstones',
      { returning: changedKeys(spec, 't', changes, 'changed', fragment("'N'")) },
      spec.fragments,
    ),
  insertTombstones: (spec: HistorySpec, changes: Fragment) =>
    statement('apply/insert_tombstones', { changes }, spec.fragments),
  insertVersions: (spec: HistorySpec, changes: Fragment, through: ApplySide) =>
    statement(
      'apply/insert_versions',
      { inserting: changedKeys(spec, 's', changes, through, fragment("'N', 'C'")) },
      spec.fragments,
    ),
  rewindDelete: (spec: HistorySpec) => statement('history/rewind_delete', {}, spec.fragments),
  rewindReopen: (spec: HistorySpec) => statement('history/rewind_reopen', {}, spec.fragments),
};
