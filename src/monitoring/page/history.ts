import type { HistoryFigures, PeriodTransitions } from '../../model/history-figures.js';
import type { PageKit } from './kit.js';

/**
 * The History section: versions and current rows per period, and the transitions of the tracked
 * column and period picked in the page's selects (runs in the browser, see kit.ts).
 */
export function drawHistory(history: HistoryFigures, kit: PageKit): void {
  const { common, palette, title } = kit;
  const labels = history.periods.map((p) => String(p.period));
  const counted = { beginAtZero: true, ticks: { precision: 0 } };

  kit.chart('versions', {
    type: 'bar',
    data: {
      labels,
      datasets: [
        { label: 'new', data: history.periods.map((p) => p.newVersions), backgroundColor: palette.blue },
        { label: 'changed', data: history.periods.map((p) => p.changedVersions), backgroundColor: palette.orange },
        { label: 'removed', data: history.periods.map((p) => p.removedVersions), backgroundColor: palette.red },
      ],
    },
    options: {
      ...common,
      scales: { x: { stacked: true }, y: { ...counted, stacked: true, title: title('versions') } },
    },
  });

  kit.chart('current-rows', {
    type: 'line',
    data: {
      labels,
      datasets: [
        {
          label: 'rows current',
          data: history.periods.map((p) => p.currentRows),
          borderColor: palette.green,
          backgroundColor: palette.green,
        },
      ],
    },
    options: { ...common, scales: { y: { ...counted, title: title('rows valid at the end of the period') } } },
  });

  // The transitions of one column in one period, most frequent first; redrawn when a select changes.
  const column = document.getElementById('transition-column') as HTMLSelectElement;
  const period = document.getElementById('transition-period') as HTMLSelectElement;
  const note = document.getElementById('transition-note') as HTMLElement;
  const text = (value: string | null) => (value === null ? 'NULL' : value);
  const picked = (): PeriodTransitions | undefined =>
    history.columns.find((c) => c.name === column.value)?.periods.find((p) => String(p.period) === period.value);
  const chart = kit.chart('transitions', {
    type: 'bar',
    data: { labels: [], datasets: [{ label: 'versions', data: [], backgroundColor: palette.blue }] },
    options: { ...common, indexAxis: 'y', scales: { x: { ...counted, title: title('versions') } } },
  });
  const draw = () => {
    const shown = picked();
    const top = shown?.top ?? [];
    chart.data.labels = top.map((t) => `${text(t.before)} → ${text(t.after)}`);
    (chart.data.datasets[0] as { data: number[] }).data = top.map((t) => t.versions);
    chart.update();
    const changes = kit.number(shown?.changes ?? 0);
    const most = `the ${kit.number(top.length)} most frequent of ${changes} changes`;
    note.textContent = shown === undefined ? 'no change' : most;
  };
  // At first: the last period, and the column whose transitions there are told best by the top ones
  // (a salary's are nearly all distinct; a level's few), the first of equals.
  period.value = labels.at(-1) ?? '';
  const told = (c: HistoryFigures['columns'][number]) => {
    const last = c.periods.find((p) => String(p.period) === period.value);
    if (last === undefined || last.changes === 0) return 0;
    return last.top.reduce((sum, t) => sum + t.versions, 0) / last.changes;
  };
  const [first, ...others] = history.columns;
  const best = others.reduce((a, c) => (told(c) > told(a) ? c : a), first ?? { name: '', periods: [] });
  if (best.name !== '') column.value = best.name;
  column.addEventListener('change', draw);
  period.addEventListener('change', draw);
  draw();
}
