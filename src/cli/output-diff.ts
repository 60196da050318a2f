import type { DiffKeys, DiffReport } from '../api/diff.js';
import { n, table } from './output.js';

const text = (value: string | null) => value ?? 'NULL';

/** The state counts, then each tracked column's most frequent transitions. */
export function formatDiffReport(r: DiffReport): string {
  const { from, to } = r;
  const sample = (k: DiffKeys) => (k.sample.length === 0 ? '' : `e.g. ${k.sample.join(', ')}`);
  const keys = (label: string, k: DiffKeys) => [label, n(k.keys), sample(k)];
  const summary = table(
    [keys('entered', r.entered), keys('left', r.left), keys('changed', r.changed), ['unchanged', n(r.unchanged), '']],
    1,
    2,
  );
  const columns = r.columns.map((c) => {
    const what = `${c.column}: ${n(c.keys)} keys changed`;
    if (c.keys === 0) return `${what}\n`;
    const shown = c.top.length < c.transitions ? `; the ${c.top.length} most frequent of ${n(c.transitions)}` : '';
    return `${what}${shown}\n${table(c.top.map((t) => [`  ${text(t.from)} → ${text(t.to)}`, n(t.keys)]))}`;
  });
  const period = (s: DiffReport['from']) => `period ${s.period} (${s.effectiveDate}, ${n(s.keys)} keys)`;
  return `${r.targetTable}: ${period(from)} → ${period(to)}\n${summary}\n${columns.join('')}`;
}
