import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { drawCharts } from './page-client.js';
import type { MonitoringReport } from './read.js';

/** What the page shows of a history: its report's figures (reportHistory's report is one). */
export interface ReportPageData {
  readonly targetTable: string;
  readonly sourceTable: string;
  readonly versions: number;
  readonly keys: number;
  readonly periods: readonly unknown[];
  /** From the monitoring tables: null before the first recorded run. */
  readonly monitoring: MonitoringReport | null;
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
const escapeHtml = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

const CHARTS = [
  ['latency-histogram', 'Chunk latency, last run'],
  ['chunk-timeline', 'Chunks per worker, last run'],
  ['throughput', 'Throughput per period, last run'],
  ['sla-compliance', 'SLA compliance across runs'],
  ['integrity', 'Integrity checks, last run'],
] as const;

/** `report --html`: one self-contained page, the report's data and charts included. */
export function reportPage(report: ReportPageData): string {
  const m = report.monitoring;
  const summary =
    m === null
      ? 'No run recorded in the monitoring tables yet.'
      : `Last run ${m.runs[0]?.runId} (${m.runs[0]?.category}, ${m.runs[0]?.totalSeconds.toFixed(3)} s). SLA compliance ${m.compliance.withinSla}/${m.compliance.runs} runs = ${m.compliance.percent.toFixed(1)}% (target ${m.compliance.targetPercent}%: ${m.compliance.met ? 'met' : 'NOT met'}).`;
  const figures = CHARTS.map(([id, title]) => `<figure><figcaption>${title}</figcaption><div class="chart"><canvas id="${id}"></canvas></div></figure>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>scd-parallel report: ${escapeHtml(report.targetTable)}</title>
<style>
body { font: 14px system-ui, sans-serif; margin: 1.5rem; color: #222; }
main { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 1rem; }
figure { margin: 0; border: 1px solid #ddd; border-radius: 6px; padding: 0.75rem; }
figcaption { font-weight: 600; margin-bottom: 0.5rem; }
.chart { position: relative; height: 280px; }
</style>
<script>${scriptSafe(chartJsSource())}</script>
</head>
<body>
<h1>${escapeHtml(report.targetTable)}</h1>
<p>${escapeHtml(`${report.versions} versions of ${report.keys} keys from ${report.sourceTable}, ${report.periods.length} applied periods.`)}</p>
<p id="summary">${escapeHtml(summary)}</p>
<main>
${figures}
</main>
<script>
// Some TypeScript transpilers name functions through a helper; the page has none to call.
var __name = (f) => f;
${scriptSafe(drawCharts.toString())}
drawCharts(${dataLiteral(report)});
</script>
</body>
</html>
`;
}
