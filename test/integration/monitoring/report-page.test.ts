import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateWorkforce, reportHistory, runScd } from '../../../src/index.js';
import { pageKit } from '../../../src/monitoring/page/kit.js';
import { cli, query, withTempDir } from '../../support/helpers.js';
import { chart, type DrawnChart, drawnCharts, haveBrowser, withPage } from './page-charts.js';
import { withTwoRuns } from './two-runs.js';

/** Issues 10 and 25: `report --html` in Chromium, its History section checked against the history itself. */
const HISTORY = ['versions', 'current-rows', 'transitions'];
const PERFORMANCE = ['latency-histogram', 'chunk-timeline', 'throughput', 'sla-compliance', 'integrity'];

/**
 * A tracked column's top transitions in a period (ties in the values' order), counted from the versions, and all its
 * changes.
 */
async function transitions(db: string, column: string, period: number) {
  const pairs =
    `FROM scd_workforce_state h JOIN scd_workforce_state t ON ` +
    `t.employee_id = h.employee_id AND t.dbt_valid_to = h.dbt_valid_from
    WHERE h.dbt_valid_from = (SELECT CAST(effective_date AS DATE) FROM scd_parallel_periods WHERE period = ${period})
    AND t."${column}" IS DISTINCT FROM h."${column}"`;
  const top = await query<{ label: string; n: string }>(
    db,
    `SELECT coalesce(CAST(t."${column}" AS VARCHAR), 'NULL') || ' → ` +
      `' || coalesce(CAST(h."${column}" AS VARCHAR), 'NULL') AS label,
      count(*) AS n ${pairs} GROUP BY t."${column}", h."${column}"
      ORDER BY n DESC, t."${column}", h."${column}" LIMIT 10`,
  );
  const [all] = await query<{ n: string }>(db, `SELECT count(*) AS n ${pairs}`);
  return { labels: top.map((r) => r.label), versions: top.map((r) => Number(r.n)), changes: Number(all?.n) };
}

const shown = (c: DrawnChart) => ({ labels: c.labels, versions: c.datasets[0]?.data });
/** The labels a scale shows, in pixels along it. */
const visible = (c: DrawnChart, axis: string) => (c.ticks[axis] ?? []).filter((t) => t.label !== '');

describe('report page kit', () => {
  it('colours periods along a sequential scale without repeating one, up to 60 periods', () => {
    for (let n = 1; n <= 60; n++) expect(new Set(pageKit().sequential(n)).size).toBe(n);
  });

  it('labels a log axis at powers of ten only, and writes numbers with thousands separators', () => {
    const { decade, number, roundUp } = pageKit();
    expect([0.001, 0.002, 0.5, 1, 5, 1000, 5000, 1e6].map(decade)).toEqual([
      '0.001',
      '',
      '',
      '1',
      '',
      '1,000',
      '',
      '1,000,000',
    ]);
    expect([number(1338), number(1234567.891, 2), number(0.5)]).toEqual(['1,338', '1,234,567.89', '1']);
    expect([0.7, 1, 1.2, 3, 7, 45].map(roundUp)).toEqual([1, 1, 2, 5, 10, 50]);
  });
});

describe.runIf(haveBrowser)('report --html in Chromium', () => {
  it('draws the history from the history and the ledger, every chart with data, without console errors', async () => {
    await withTwoRuns(async (db, dir) => {
      const page = join(dir, 'report.html');
      expect((await cli('report', '--db', db, '--html', page)).code).toBe(0);
      const report = await reportHistory({ db });
      await withPage(page, async (tab, errors) => {
        const charts = await drawnCharts(tab);
        expect(charts.map((c) => c.id)).toEqual([...HISTORY, ...PERFORMANCE]);
        expect(
          charts.filter((c) => c.datasets.reduce((sum, d) => sum + d.data.length, 0) === 0).map((c) => c.id),
        ).toEqual([]);

        // Versions per period: the ledger's counts; current rows: the versions valid at each period's date.
        const ledger = await query<Record<string, string>>(
          db,
          `SELECT period, new_versions, changed_versions, removed_versions,
            (SELECT count(*) FROM scd_workforce_state h WHERE h.dbt_valid_from <= l.effective_date
              AND (h.dbt_valid_to IS NULL OR h.dbt_valid_to > l.effective_date)) AS current_rows
          FROM scd_parallel_periods l ORDER BY period`,
        );
        const column = (name: string) => ledger.map((r) => Number(r[name]));
        expect(chart(charts, 'versions').datasets.map((d) => [d.label, d.data])).toEqual([
          ['new', column('new_versions')],
          ['changed', column('changed_versions')],
          ['removed', column('removed_versions')],
        ]);
        expect(chart(charts, 'current-rows').datasets[0]?.data).toEqual(column('current_rows'));
        expect(column('current_rows').at(-1)).toBe(report.currentVersions);

        // Transitions: the select offers the tracked columns; first, the last period of the first column whose changes
        // repeat.
        const options = await tab.$$eval('#transition-column option', (o) =>
          o.map((e) => (e as HTMLOptionElement).value),
        );
        expect(options).toEqual(report.trackedColumns);
        expect(await tab.inputValue('#transition-column')).toBe('job_level');
        const first = await transitions(db, 'job_level', 2027);
        expect(first.versions[0]).toBeGreaterThan(1);
        expect(shown(chart(charts, 'transitions'))).toEqual({ labels: first.labels, versions: first.versions });
        expect(await tab.textContent('#transition-note')).toBe(
          `the ${first.labels.length} most frequent of ${first.changes} changes`,
        );
        // Picked on the page: another column and period, redrawn from the page's data.
        await tab.selectOption('#transition-column', 'annual_salary');
        await tab.selectOption('#transition-period', '2026');
        const salary = await transitions(db, 'annual_salary', 2026);
        expect(salary.labels).toHaveLength(10);
        expect(shown(chart(await drawnCharts(tab), 'transitions'))).toEqual({
          labels: salary.labels,
          versions: salary.versions,
        });

        // The latency histogram holds every chunk of the last run, on whole-number ticks.
        const histogram = chart(charts, 'latency-histogram');
        expect(((histogram.datasets[0]?.data ?? []) as number[]).reduce((a, b) => a + b, 0)).toBe(
          report.monitoring?.chunks.length,
        );
        expect(histogram.ticks.y?.filter((t) => !Number.isInteger(t.value))).toEqual([]);

        // SLA compliance: SLAs of 120 s and 1 ms, a mark for each run; the log axis labels only powers of ten, apart.
        const sla = chart(charts, 'sla-compliance');
        expect(sla.datasets[0]?.elements.map((e) => e.width > 10 && e.height >= 2)).toEqual([true, true]);
        const labels = visible(sla, 'y');
        expect(labels.map((t) => t.label)).toEqual(['0.001', '0.01', '0.1', '1', '10', '100', '1,000']);
        const gaps = labels.slice(1).map((t, i) => Math.abs(t.pixel - (labels[i] as { pixel: number }).pixel));
        expect(Math.min(...gaps)).toBeGreaterThanOrEqual(16);

        // Thousands separators in the page's text.
        expect(report.versions).toBeGreaterThanOrEqual(1000);
        expect(await tab.textContent('#counts')).toContain(`${report.versions.toLocaleString('en-US')} versions`);
        expect(errors).toEqual([]);
      });
    });
  });

  it('with one run of three periods: an SLA mark, complete integrity bars, a colour per period', async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'sim.duckdb');
      await generateWorkforce({
        db,
        table: 'fct_workforce_snapshot',
        employees: 200,
        startYear: 2025,
        years: 3,
        seed: 5,
      });
      await runScd({ db, selection: { kind: 'all' }, chunks: 3, workers: 2 });
      const page = join(dir, 'report.html');
      expect((await cli('report', '--db', db, '--html', page)).code).toBe(0);
      await withPage(page, async (tab, errors) => {
        const charts = await drawnCharts(tab);
        const [mark] = chart(charts, 'sla-compliance').datasets[0]?.elements ?? [];
        expect(mark?.width).toBeGreaterThan(10);
        expect(mark?.height).toBeGreaterThanOrEqual(2);

        // Checks run on every period or on the first only; each passed, so each bar is whole.
        const integrity = chart(charts, 'integrity');
        expect(new Set(integrity.labels.map((l) => l.replace(/^.* \(/, '(')))).toEqual(
          new Set(['(3 periods)', '(1 period)']),
        );
        expect(new Set(integrity.datasets[0]?.data)).toEqual(new Set([100]));
        const lengths = integrity.datasets[0]?.elements.map((e) => Math.round(Math.abs(e.x - e.base))) ?? [];
        expect(new Set(lengths).size).toBe(1);
        expect(lengths[0]).toBeGreaterThan(100);

        const timeline = chart(charts, 'chunk-timeline');
        expect(timeline.datasets.map((d) => d.label)).toEqual(['2025', '2026', '2027']);
        expect(timeline.datasets.map((d) => d.colour)).toEqual(pageKit().sequential(3));
        expect(errors).toEqual([]);
      });
    });
  });
});
