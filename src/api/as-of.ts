import { extname } from 'node:path';
import { allJson, exec, one, toNumber } from '../db/database.js';
import { DEFAULTS } from '../defaults.js';
import { outFormatUnknown, periodNotApplied } from '../errors/index.js';
import { checkOutputFile, writeOutputFile } from '../files/output-file.js';
import { sourceColumnsOf } from '../history/as-of-macro.js';
import { appliedPeriods } from '../history/ledger.js';
import { withReadOnlyHistory } from '../history/read-only.js';
import { checkInteger } from '../options/checks.js';
import { FILE_FORMATS, type FileFormat, sql, subquery } from '../sql/index.js';
import type { CheckOptions } from './check.js';

export interface AsOfOptions extends CheckOptions {
  /** An applied period; default the last one applied. */
  readonly period?: number;
  /** A file to write the rows to, `.parquet` or `.csv`; otherwise only the first rows are read. */
  readonly out?: string;
}

export interface AsOfReport {
  readonly targetTable: string;
  readonly period: number;
  readonly effectiveDate: string;
  readonly rows: number;
  /** The file written (absolute), or null. */
  readonly out: string | null;
  /** The first rows (DEFAULTS.asOfHeadRows) in the order of their columns' values, as JSON values. */
  readonly head: readonly Record<string, unknown>[];
}

/** The file to write and its format, by its extension. An earlier file of the name is replaced, a database never. */
function outputOf(file: string): { file: string; format: FileFormat } {
  const format = extname(file).slice(1).toLowerCase();
  if (!Object.hasOwn(FILE_FORMATS, format)) throw outFormatUnknown(file, Object.keys(FILE_FORMATS));
  return { file: checkOutputFile('out', file, true), format: format as FileFormat };
}

/**
 * `scd-parallel as-of`: the history at an applied period, which equals that period's snapshot,
 * by the same query as the `<target>_as_of` macro. Read-only; a file is written beside its name
 * and renamed over it, so a failed write leaves no partial file (see output-file.ts).
 */
export async function historyAsOf(options: AsOfOptions): Promise<AsOfReport> {
  const asked = options.period;
  const range = [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] as const;
  const chosen = asked === undefined ? undefined : checkInteger('period', asked, ...range);
  const output = options.out === undefined ? undefined : outputOf(options.out);
  return withReadOnlyHistory(options, async (connection, spec) => {
    const applied = await appliedPeriods(connection, spec);
    const at = chosen === undefined ? applied.at(-1) : applied.find((p) => p.period === chosen);
    if (at === undefined)
      throw periodNotApplied(
        spec.target.text,
        chosen,
        applied.map((p) => p.period),
      );
    const period = at.period;
    const rows = subquery(sql.asOfQuery(spec, await sourceColumnsOf(connection, spec)));
    const params = { period };
    if (output !== undefined) {
      const copy = (partial: string) => exec(connection, sql.copyToFile(rows, partial, output.format), params);
      await writeOutputFile('out', output.file, true, copy);
    }
    return {
      targetTable: spec.target.text,
      period,
      effectiveDate: at.effectiveDate,
      rows: toNumber((await one<{ n: bigint }>(connection, sql.relationCount(rows), params)).n),
      out: output?.file ?? null,
      head: await allJson(connection, sql.relationHead(rows, DEFAULTS.asOfHeadRows), params),
    };
  });
}
