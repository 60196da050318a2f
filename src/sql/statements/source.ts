import type { HistorySpec } from '../history-spec.js';
import { ident } from '../quote.js';
import type { SourceSpec } from '../source-spec.js';
import { type Fragment, fragment, statement, templateFragment } from '../template.js';
import { limit } from './shared.js';

/** The statements that read a source's shape and values before anything is written. */
export const sourceStatements = {
  describeSource: (source: SourceSpec) => statement('source/describe', { source: source.sql }),
  sourceFiles: () => statement('source/files'),
  /** Prepared only: binding it gives the columns' types. */
  columnTypes: (relation: Fragment, columns: readonly string[]) =>
    statement('source/column_types', { relation, columns: fragment(columns.map((c) => ident(c).sql).join(', ')) }),
  collationsProbe: (relation: Fragment, columns: readonly string[]) =>
    statement('source/collations_probe', {
      relation,
      columns: fragment(columns.map((c, i) => `${ident(c).sql} AS c${i}`).join(', ')),
    }),
  collationsRead: () => statement('source/collations_read'),
  collationsDrop: () => statement('source/collations_drop'),
  /** A view's rows in `periods` (all when undefined), every column computed. */
  viewRows: (spec: HistorySpec, periods?: readonly number[]) => {
    if (periods?.some((p) => !Number.isSafeInteger(p))) throw new Error(`bad periods ${periods.join(', ')}`);
    const period = (spec.fragments.period as Fragment).sql;
    const filter = periods === undefined ? '' : `WHERE ${period} IN (${periods.join(', ') || 'NULL'})`;
    return statement('source/view_rows', { source: spec.source.sql, periods_filter: fragment(filter) });
  },
  sourcePeriods: (spec: HistorySpec, fingerprinted: boolean) =>
    statement(
      'source/periods',
      { fingerprint: fingerprinted ? templateFragment('source/fingerprint', {}, spec.fragments) : fragment('NULL') },
      spec.fragments,
    ),
  periodDrift: (spec: HistorySpec) => statement('source/period_drift', {}, spec.fragments),
  validateKeys: (spec: HistorySpec) => statement('source/validate_keys', { limit }, spec.fragments),
  validateKeysSorted: (spec: HistorySpec) => statement('source/validate_keys_sorted', {}, spec.fragments),
};
