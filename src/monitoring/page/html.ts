import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { HistoryFigures } from '../../model/history-figures.js';
import type { MonitoringReport } from '../read.js';
import { drawHistory } from './history.js';
import { pageKit } from './kit.js';
import { drawPerformance } from './performance.js';
import { drawRuns } from './runs.js';

/** What the page shows of a history: its report's figures (reportHistory's report is one). */
export interface ReportPageData {
  readonly targetTable: string;
  readonly sourceTable: string;
  readonly versions: number;
  readonly keys: number;
  readonly periods: readonly unknown[];
  /** From the monitoring tables: null before the first recorded run. */
  readonly monitoring: MonitoringReport | null;
  /** The history period by period: null when not read. */
  readonly history: HistoryFigures | null;
}

/** Chart.js's UMD build, from its npm package: bundled into the page, so it works offline. */
function chartJsSource(): string {
  const main = createRequire(import.meta.url).resolve('chart.js');
  return readFileSync(join(dirname(main), 'chart.umd.min.js'), 'utf8');
}

/** Source text safe inside a <script> element: no `</script>` can end it early. */
const scriptSafe = (text: string) => text.replaceAll('</', '<\\/');
/**
 * Data as a JavaScript literal safe inside a <script> element: `<`, `>` and `&` as \u escapes, so
 * that no `<!--` or `</script>` in a name or value can change how the element is parsed, and the
 * line separators JSON allows but old JavaScript did not.
 */
const dataLiteral = (value: unknown) =>
  JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const escapeHtml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

const figure = (id: string, title: string, note = '') =>
  `<figure><figcaption>${title}</figcaption><div class="chart"><canvas id="${id}"></canvas></div>${note}</figure>`;
const options = (values: readonly string[]) =>
  values.map((v) => `<option value="${escapeHtml(v)}">${escapeHtml(v)}</option>`).join('');

/** The History section: empty when the history was not read period by period. */
function historySection(history: HistoryFigures | null): string {
  if (history === null) return '';
  const column = `<select id="transition-column">${options(history.columns.map((c) => c.name))}</select>`;
  const period = `<select id="transition-period">${options(history.periods.map((p) => String(p.period)))}</select>`;
  return `<h2>History</h2>
<section>
${figure('versions', 'Versions per period')}
${figure('current-rows', 'Current rows per period')}
${figure('transitions', `Transitions of ${column} in ${period}`, '<p id="transition-note"></p>')}
</section>`;
}

const PERFORMANCE = [
  ['latency-histogram', 'Chunk latency, last run'],
  ['chunk-timeline', 'Chunks per worker, last run'],
  ['throughput', 'Throughput per period, last run'],
  ['sla-compliance', 'SLA compliance across runs'],
  ['integrity', 'Integrity checks, last run'],
] as const;

/** `report --html`: one self-contained page, the report's data and charts included. */
export function reportPage(report: ReportPageData): string {
  const { number } = pageKit();
  const m = report.monitoring;
  const c = m?.compliance;
  const last = m?.runs[0];
  const summary =
    c === undefined || last === undefined
      ? 'No run recorded in the monitoring tables yet.'
      : `Last run ${last.runId} (${last.category}, ${number(last.totalSeconds, 3)} s). ` +
        `SLA compliance ${number(c.withinSla)}/${number(c.runs)} runs = ${c.percent.toFixed(1)}% ` +
        `(target ${c.targetPercent}%: ${c.met ? 'met' : 'NOT met'}).`;
  const counts = `${number(report.versions)} versions of ${number(report.keys)} keys from ${report.sourceTable}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>scd-parallel report: ${escapeHtml(report.targetTable)}</title>
<style>
body { font: 14px system-ui, sans-serif; margin: 1.5rem; color: #222; }
section { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 1rem; }
figure { margin: 0; border: 1px solid #ddd; border-radius: 6px; padding: 0.75rem; }
figcaption { font-weight: 600; margin-bottom: 0.5rem; }
figure p { margin: 0.25rem 0 0; color: #555; }
.chart { position: relative; height: 280px; }
</style>
<script>${scriptSafe(chartJsSource())}</script>
</head>
<body>
<h1>${escapeHtml(report.targetTable)}</h1>
<p id="counts">${escapeHtml(`${counts}, ${number(report.periods.length)} applied periods.`)}</p>
${historySection(report.history)}
<h2>Performance</h2>
<p id="summary">${escapeHtml(summary)}</p>
<section>
${PERFORMANCE.map(([id, title]) => figure(id, title)).join('\n')}
</section>
<script>
// Some TypeScript transpilers name functions through a helper; the page has none to call.
var __name = (f) => f;
${[pageKit, drawHistory, drawPerformance, drawRuns].map((f) => scriptSafe(f.toString())).join('\n')}
const data = ${dataLiteral({ monitoring: report.monitoring, history: report.history })};
const kit = pageKit();
if (data.history !== null) drawHistory(data.history, kit);
if (data.monitoring !== null) {
  drawPerformance(data.monitoring, kit);
  drawRuns(data.monitoring, kit);
}
</script>
</body>
</html>
`;
}
