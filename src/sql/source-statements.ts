import type { HistorySpec } from './history-spec.js';
import { ident } from './quote.js';
import { type Fragment, fragment, render } from './template.js';

/** The statements that read a source's shape and values before anything is written; part of `sql`. */
export const sourceStatements = {
  /** Prepared only: binding it gives the columns' types. */
  columnTypes: (relation: Fragment, columns: readonly string[]) =>
    render('column_types', { relation, columns: fragment(columns.map((c) => ident(c).sql).join(', ')) }),
  collationsProbe: (relation: Fragment, columns: readonly string[]) =>
    render('collations_probe', {
      relation,
      columns: fragment(columns.map((c, i) => `${ident(c).sql} AS c${i}`).join(', ')),
    }),
  collationsRead: () => render('collations_read'),
  collationsDrop: () => render('collations_drop'),
  /** A view's rows in `periods` (all when undefined), every column computed. */
  viewRows: (spec: HistorySpec, periods?: readonly number[]) => {
    if (periods?.some((p) => !Number.isSafeInteger(p))) throw new Error(`bad periods ${periods.join(', ')}`);
    const period = (spec.fragments.period as Fragment).sql;
    const filter = periods === undefined ? '' : `WHERE ${period} IN (${periods.join(', ') || 'NULL'})`;
    return render('view_rows', { source: spec.source.sql, periods_filter: fragment(filter) });
  },
};
