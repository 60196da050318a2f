import type { AsOfReport } from '../api/as-of.js';
import type { ExportReport } from '../api/export.js';
import { n, table } from './output.js';

export function formatExportReport(r: ExportReport): string {
  const rows = r.currentOnly ? 'current versions' : 'versions';
  return (
    `${r.targetTable}: ${n(r.rows)} ${rows} in ${n(r.files)} Parquet files ` +
    `(${n(r.bytes)} bytes), partitioned by ${r.partitionBy}, in ${r.dir}\n`
  );
}

/** A cell as text: JSON values print as they are, NULL as an empty cell. */
const cell = (value: unknown) =>
  value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);

export function formatAsOfReport(r: AsOfReport): string {
  const what = `${r.targetTable} as of period ${r.period} (${r.effectiveDate}): ${n(r.rows)} rows`;
  if (r.out !== null) return `${what}, written to ${r.out}\n`;
  const columns = Object.keys(r.head[0] ?? {});
  const shown = r.head.length < r.rows ? `; the first ${r.head.length}` : '';
  const body = columns.length === 0 ? '' : table([columns, ...r.head.map((row) => columns.map((c) => cell(row[c])))]);
  return `${what}${shown}\n${body}`;
}
