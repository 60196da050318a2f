import { BOOKKEEPING, type HistorySpec } from '../history-spec.js';
import { column, ident, literal } from '../quote.js';
import type { TableName } from '../table-name.js';
import { type Fragment, fragment, type Statement, statement, subquery } from '../template.js';

/**
 * Exported Parquet, which readers keep: zstd at its default level (3), smaller than the temporary
 * files' level 1 for a one-off cost. Row groups of 122,880 rows, DuckDB's own row group size: a
 * reader gives each thread one row group and skips groups by their min/max statistics, so groups
 * this size keep every core busy on a year of 100K+ employees and skip in useful steps, while
 * groups under ~5K rows read 5-10x slower (see the shared notes). Partition columns are written
 * into the files too, so a reader gets them back with their own type, in their own place.
 */
export const EXPORT_ROW_GROUP_SIZE = 122_880;
const exportOptions = (partitionBy: string) =>
  fragment(
    `FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${EXPORT_ROW_GROUP_SIZE}, ` +
      `PARTITION_BY (${ident(partitionBy).sql}), WRITE_PARTITION_COLUMNS true`,
  );

/** The formats a file of rows may be written in, by its extension. */
export const FILE_FORMATS = {
  parquet: fragment('FORMAT parquet, COMPRESSION zstd'),
  csv: fragment('FORMAT csv, HEADER true'),
} as const;
export type FileFormat = keyof typeof FILE_FORMATS;

/**
 * The history's versions at an applied period, with `columns` (the source's); `period` is the
 * macro's parameter or a bound $period. Tables are named with their schema, as a macro resolves
 * names where it is called.
 */
function asOf(spec: HistorySpec, columns: readonly string[], period: Fragment): Statement {
  const named = {
    periods: BOOKKEEPING.periods.inSchema().sql,
    target_key: literal(spec.target.canonical),
    target_text: literal(spec.target.text),
    as_of_columns: fragment(columns.map((c) => column(c, 'h')).join(', ')),
    as_of_target: spec.target.inSchema().sql,
    as_of_period: period,
  };
  return statement('as-of/query', named, spec.fragments);
}

/** What leaves the database for readers: exported histories, files of rows, and the as-of query and macro. */
export const exportStatements = {
  copyToFile: (relation: Fragment, file: string, format: FileFormat) =>
    statement('export/copy_to', { relation, file: literal(file), options: FILE_FORMATS[format] }),
  exportHistory: (spec: HistorySpec, currentOnly: boolean, dir: string, partitionBy: string) => {
    const rows = statement('export/rows', {
      target: spec.target.sql,
      rows: currentOnly ? (spec.fragments.current as Fragment) : fragment('true'),
    });
    return statement('export/copy_to', {
      relation: subquery(rows),
      file: literal(dir),
      options: exportOptions(partitionBy),
    });
  },
  /** The as-of command's query: the macro's body, the period bound as $period. */
  asOfQuery: (spec: HistorySpec, columns: readonly string[]) => asOf(spec, columns, fragment('$period')),
  asOfMacroCreate: (spec: HistorySpec, macro: TableName, columns: readonly string[]) => {
    const parameter = ident(spec.config.periodColumn);
    return statement('as-of/macro_create', {
      macro: macro.sql,
      parameter,
      body: fragment(asOf(spec, columns, parameter).text),
    });
  },
  asOfMacroMark: (macro: TableName, mark: string) =>
    statement('as-of/macro_mark', { macro: macro.sql, mark: literal(mark) }),
};
