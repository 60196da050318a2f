import type { ShowReport } from '../api/show.js';
import { n, table } from './output.js';

/** A value as text: JSON values as they are, NULL as NULL (an empty cell would read as an empty string). */
const cell = (value: unknown) =>
  value === null || value === undefined ? 'NULL' : typeof value === 'object' ? JSON.stringify(value) : String(value);

/** One row per version; a value marked `*` differs from the version before it. */
export function formatShowReport(r: ShowReport): string {
  const key = Object.entries(r.key)
    .map(([c, v]) => `${c} ${cell(v)}`)
    .join(', ');
  const rows = r.versions.map((v) => [
    v.validFrom,
    v.validTo ?? 'open',
    v.kind,
    ...r.trackedColumns.map((c) => `${v.changed.includes(c) ? '*' : ''}${cell(v.values[c])}`),
  ]);
  const header = ['valid from', 'valid to', 'version', ...r.trackedColumns];
  const plural = r.versions.length === 1 ? 'version' : 'versions';
  return `${r.targetTable}: ${key}, ${n(r.versions.length)} ${plural} (* changed)\n${table([header, ...rows], 3)}`;
}
