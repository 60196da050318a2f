import type { AdoptReport } from '../api/adopt.js';
import type { GenerateSummary } from '../api/generate.js';
import type { HistoryReport } from '../api/report.js';
import type { RewindReport } from '../api/rewind.js';
import type { CheckReport } from '../history/checks.js';
import type { ProgressEvent } from '../model/progress.js';
import type { RunReport } from '../model/run-report.js';
import { formatChangeSets } from './output-chunking.js';

type Write = (text: string) => void;

/**
 * Rows aligned in columns: the first `left` columns to the left, the others to the right (numbers),
 * but those from `leftFrom` on, which are left-aligned and trimmed of trailing spaces (free text).
 */
export function table(rows: readonly (readonly string[])[], left = 1, leftFrom = Number.POSITIVE_INFINITY): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  const align = (cell: string, i: number) =>
    i < left || i >= leftFrom ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0);
  const trimmed = (line: string) => (Number.isFinite(leftFrom) ? line.trimEnd() : line);
  return `${rows.map((r) => trimmed(r.map(align).join('  '))).join('\n')}\n`;
}

export const n = (value: number | null): string => (value === null ? '-' : value.toLocaleString('en-US'));
const s = (value: number | null): string => (value === null ? '-' : value.toFixed(3));
const ms = (micros: number): string => (micros / 1000).toFixed(1);

/**
 * Progress on a terminal: one line per period, redrawn as its chunks finish, periods in order.
 * With workers, period i+1's chunks run while period i commits: its events wait until period i's
 * line is finished, so lines never interleave. No colour is used (NO_COLOR holds trivially).
 */
export function progressPrinter(write: Write): (event: ProgressEvent) => void {
  const status = new Map<number, { text: string; done: boolean }>();
  let shown: number | undefined;
  const draw = () => {
    while (true) {
      const next = shown ?? Math.min(...status.keys());
      const line = status.get(next);
      if (line === undefined) return;
      shown = next;
      write(`\r${line.text}\x1b[K${line.done ? '\n' : ''}`);
      if (!line.done) return;
      status.delete(next);
      shown = undefined;
    }
  };
  return (event) => {
    const text = (() => {
      switch (event.kind) {
        case 'period-start':
          return `period ${event.period}: 0/${event.chunks} chunks`;
        case 'chunk-done':
          return `period ${event.period}: ${event.done}/${event.total} chunks`;
        case 'period-done':
          return `period ${event.period}: ${event.status} in ${event.seconds.toFixed(3)} s`;
      }
    })();
    status.set(event.period, { text, done: event.kind === 'period-done' });
    if (shown === undefined || shown === event.period) draw();
  };
}

export function formatRunReport(report: RunReport): string {
  const rows: string[][] = [
    [
      'period',
      'effective',
      'status',
      'rows',
      'new',
      'changed',
      'removed',
      'unchanged',
      'seconds',
      'rows/s',
      'chunk p99 ms',
    ],
  ];
  for (const p of report.periods) {
    rows.push([
      String(p.period),
      p.effectiveDate,
      p.status,
      n(p.rowsRead),
      n(p.newVersions),
      n(p.changedVersions),
      n(p.removedVersions),
      n(p.unchanged),
      s(p.seconds),
      n(p.rowsPerSecond),
      ms(p.chunkLatency.p99Micros),
    ]);
  }
  const t = report.totals;
  rows.push([
    'total',
    '',
    `${t.periodsApplied} applied`,
    n(t.rowsRead),
    n(t.newVersions),
    n(t.changedVersions),
    n(t.removedVersions),
    n(t.unchanged),
    s(t.seconds),
    n(t.rowsPerSecond),
    ms(t.chunkLatency.p99Micros),
  ]);
  return (
    `${report.targetTable} from ${report.sourceTable} (${report.mode}, ${formatChangeSets(report)})\n` +
    table(rows) +
    `chunk latency p50 ${ms(t.chunkLatency.p50Micros)} ms, ` +
    `p99 ${ms(t.chunkLatency.p99Micros)} ms, max ${ms(t.chunkLatency.maxMicros)} ms; ` +
    `SLA ${report.slaSeconds} s ${t.slaBreached ? 'BREACHED' : 'met'}\n` +
    formatPhaseLatency(t.phaseLatency) +
    formatVerification(report.verification)
  );
}

/** What the run proved of the history it found. */
function formatVerification(v: RunReport['verification']): string {
  if (v.mode === 'none') return '';
  const what = v.mode === 'full' ? 'the whole history' : 'the ledger and what the run touches';
  const recorded = v.recorded ? '; its fingerprint recorded anew after a full check' : '';
  return `verified ${what} (${n(v.versions)} versions) in ${s(v.seconds)} s${recorded}\n`;
}

/** Per-phase latency over the run's periods, in milliseconds; phases that never ran are left out. */
function formatPhaseLatency(latency: RunReport['totals']['phaseLatency']): string {
  const rows = Object.entries(latency)
    .filter(([, l]) => l.count > 0)
    .map(([phase, l]) => [
      phase,
      String(l.count),
      ms(l.p50Micros),
      ms(l.p90Micros),
      ms(l.p99Micros),
      ms(l.p999Micros),
      ms(l.maxMicros),
    ]);
  return rows.length === 0 ? '' : table([['phase ms', 'periods', 'p50', 'p90', 'p99', 'p99.9', 'max'], ...rows]);
}

export function formatRewindReport(report: RewindReport): string {
  const now = report.period === null ? 'empty' : `at period ${report.period}`;
  if (report.periodsRemoved.length === 0) return `${report.targetTable}: nothing to rewind, already ${now}\n`;
  return (
    `${report.targetTable}: rewound, now ${now}; removed periods ${report.periodsRemoved.join(', ')}; ` +
    `${n(report.versionsDeleted)} versions deleted, ${n(report.versionsReopened)} reopened in ${s(report.seconds)} s\n`
  );
}

export function formatAdoptReport(report: AdoptReport): string {
  const periods = report.periods.map((p) => `${p.period} (${p.effectiveDate})`).join(', ');
  return (
    `${report.targetTable}: adopted in ${s(report.seconds)} s, ` +
    `periods ${periods}; run continues it\n${formatCheckReport(report.checks)}`
  );
}

export function formatCheckReport(report: CheckReport): string {
  const lines = report.checks.map((c) => {
    const mark = c.violations === 0 ? 'ok  ' : 'FAIL';
    const sample = c.sample.length > 0 ? ` (e.g. ${c.sample.join(', ')})` : '';
    return `${mark} ${c.name}: ${c.description}${c.violations > 0 ? ` - ${c.violations} violations${sample}` : ''}`;
  });
  return (
    `${report.targetTable}: ${report.ok ? 'clean' : 'NOT clean'} ` +
    `(${report.periodsChecked} applied periods reconciled)\n${lines.join('\n')}\n`
  );
}

export function formatGenerateSummary(summary: GenerateSummary): string {
  const rows: string[][] = [['year', 'rows', 'hires', 'terminations', 'raises', 'promotions', 'transfers', 'rehires']];
  for (const y of summary.years) {
    rows.push([
      String(y.year),
      n(y.rows),
      n(y.hires),
      n(y.terminations),
      n(y.raises),
      n(y.promotions),
      n(y.transfers),
      n(y.rehires),
    ]);
  }
  return (
    `${table(rows)}${n(summary.rows)} rows, ${n(summary.employees)} ` + `employees in ${summary.seconds.toFixed(1)} s\n`
  );
}

export function formatHistoryReport(report: HistoryReport): string {
  const rows: string[][] = [['period', 'effective', 'applied at', 'rows', 'new', 'changed', 'removed']];
  for (const p of report.periods) {
    rows.push([
      String(p.period),
      p.effectiveDate,
      p.appliedAt,
      n(p.rowsRead),
      n(p.newVersions),
      n(p.changedVersions),
      n(p.removedVersions),
    ]);
  }
  return (
    `${report.targetTable}: ${n(report.versions)} versions ` +
    `of ${n(report.keys)} keys, ${n(report.currentVersions)} current\n` +
    (report.periods.length > 0 ? table(rows) : 'no applied periods recorded\n') +
    formatMonitoring(report.monitoring)
  );
}

function formatMonitoring(m: HistoryReport['monitoring']): string {
  const last = m?.runs[0];
  if (m === null || last === undefined) return 'no runs recorded in the monitoring tables\n';
  const c = m.compliance;
  const phases = [
    ['phase', 'periods', 'p50 s', 'p90 s', 'p99 s', 'max s'],
    ...m.phaseLatency.map((p) => [
      p.phase,
      n(p.count),
      s(p.p50Seconds),
      s(p.p90Seconds),
      s(p.p99Seconds),
      s(p.maxSeconds),
    ]),
  ];
  const throughput = [
    ['period', 'rows', 'seconds', 'rows/s'],
    ...m.throughput.map((t) => [String(t.period), n(t.records), s(t.seconds), n(Math.round(t.recordsPerSecond))]),
  ];
  const failed = m.integrity.filter((i) => !i.passed);
  const integrity =
    failed.length === 0 ? 'all passed' : `FAILED: ${failed.map((f) => `${f.check} (${f.violations})`).join(', ')}`;
  return (
    `\nlast run ${last.runId} at ${last.startedAt}: ${last.mode}, ${last.periods} ` +
    `periods, ${n(last.records)} rows in ${s(last.totalSeconds)} s (${last.category})\n` +
    table(phases) +
    table(throughput) +
    `integrity: ${m.integrity.length} checks, ${integrity}\n` +
    `SLA compliance: ${c.withinSla} of the last ${c.runs} runs within their SLA ` +
    `= ${c.percent.toFixed(1)}% (target ${c.targetPercent}%: ${c.met ? 'met' : 'NOT met'})\n`
  );
}
