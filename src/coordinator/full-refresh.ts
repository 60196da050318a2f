import { all, exec, toNumber, withTransaction } from '../db/database.js';
import { DEFAULTS } from '../defaults.js';
import { fullRefreshFailed } from '../errors/index.js';
import { runChecks } from '../history/check.js';
import { forgetPeriods } from '../history/ledger.js';
import { recreateHistory } from '../history/target-table.js';
import { createMonitoring, writeChecks } from '../monitoring/record.js';
import { ENGINE_VERSION } from '../paths.js';
import { type Column, sql } from '../sql/index.js';
import type { EngineContext } from './engine-context.js';
import type { AppliedDate } from './period-dates.js';
import type { SourcePeriod } from './planner.js';
import { type PeriodReport, periodReport } from './run-report.js';

interface RebuiltPeriod {
  period: bigint;
  effective_date: Date;
  rows_read: bigint;
  new_versions: bigint;
  changed_versions: bigint;
  removed_versions: bigint;
}

/**
 * Key slices for a full refresh of `rows` source rows of `columns` columns in `memoryLimitBytes`:
 * enough that one slice's window pass fits in a share of the memory (DEFAULTS.fullRefresh explains
 * the estimate), so that it sorts without spilling; one when everything fits.
 */
export function refreshSlices(rows: number, columns: number, memoryLimitBytes: number): number {
  const { bytesPerValue, passValues, memoryShare } = DEFAULTS.fullRefresh;
  return Math.max(1, Math.ceil((rows * (columns + passValues) * bytesPerValue) / (memoryLimitBytes * memoryShare)));
}

/** What a full refresh rebuilds: every period up to the selection's end, and how many key slices. */
export interface RefreshWork {
  /** Every period in order, those applied empty included, with its date. */
  readonly periods: readonly AppliedDate[];
  /** The source's periods, for their rows and fingerprints. */
  readonly source: readonly SourcePeriod[];
  readonly slices: number;
}

/**
 * A full refresh: the whole history from every period of `work`, in one transaction with its
 * checks (runChecks' 'refresh' scope). The history is built one key slice at a time (every row of
 * a key in one slice), each in one set-based pass whose windows sort only that slice, so memory is
 * bounded by the slice, not the source. Per-period figures come from the rebuilt table; per-period
 * time does not exist in one pass, so it is reported only for the run.
 */
export async function fullRefresh(ctx: EngineContext, source: readonly Column[], work: RefreshWork): Promise<PeriodReport[]> {
  const { connection, spec } = ctx;
  const maxPeriod = Math.max(...work.periods.map((p) => p.period));
  ctx.onProgress({ kind: 'period-start', period: maxPeriod, chunks: 1 });
  const startedAt = performance.now();
  const bySource = new Map(work.source.map((s) => [s.period, s]));
  // A period applied empty has no rows and the empty fingerprint.
  const periods = JSON.stringify(
    work.periods.map(({ period, effectiveDate }) => ({ p: period, d: effectiveDate, n: bySource.get(period)?.rows ?? 0, fp: bySource.get(period)?.fingerprint ?? '0' })),
  );
  // Each step's time in a debug line: one pass has no phases of its own in the run report.
  const timed = async <T>(step: string, fields: object, run: () => Promise<T>): Promise<T> => {
    const stepStartedAt = performance.now();
    const result = await run();
    ctx.logger.debug({ step, ...fields, seconds: (performance.now() - stepStartedAt) / 1000 }, 'full refresh step done');
    return result;
  };
  const rebuilt = await withTransaction(connection, async () => {
    await recreateHistory(connection, spec, source, ctx.updatedAt);
    for (let slice = 0; slice < work.slices; slice++) {
      await timed('slice', { slice, slices: work.slices }, () => exec(connection, sql.fullRefresh(spec), { periods, updated_at: ctx.updatedAt, slices: work.slices, slice }));
      ctx.stopIfInterrupted();
    }
    await forgetPeriods(connection, spec);
    const ledger = { periods, target: spec.target.canonical, applied_at: ctx.updatedAt, run_id: ctx.runId, engine_version: ENGINE_VERSION };
    const rows = await timed('ledger', {}, () => all<RebuiltPeriod>(connection, sql.periodsDerive(spec), ledger));
    const report = await timed('check', {}, () => runChecks(connection, spec, 'refresh'));
    await createMonitoring(connection, spec);
    await writeChecks(connection, spec, ctx.runId, maxPeriod, report.checks);
    if (!report.ok) throw fullRefreshFailed(report.checks.filter((c) => c.violations > 0).map((c) => `${c.name}: ${c.violations}`), report);
    ctx.stopIfInterrupted();
    return rows.sort((a, b) => Number(a.period - b.period));
  });
  ctx.onProgress({ kind: 'period-done', period: maxPeriod, status: 'rebuilt', seconds: (performance.now() - startedAt) / 1000 });
  return rebuilt.map((r) => {
    const rowsRead = toNumber(r.rows_read);
    const newVersions = toNumber(r.new_versions);
    const changedVersions = toNumber(r.changed_versions);
    const input = { period: toNumber(r.period), effectiveDate: r.effective_date.toISOString().slice(0, 10) };
    const counts = { rowsRead, newVersions, changedVersions, removedVersions: toNumber(r.removed_versions), unchanged: rowsRead - newVersions - changedVersions };
    return periodReport(input, 'rebuilt', counts, null);
  });
}
