import { all, exec, toNumber, withTransaction } from '../db/database.js';
import { fullRefreshFailed } from '../errors/index.js';
import { runChecks } from '../history/check.js';
import { forgetPeriods } from '../history/ledger.js';
import { recreateHistory } from '../history/target-table.js';
import { createMonitoring, writeChecks } from '../monitoring/record.js';
import { ENGINE_VERSION } from '../paths.js';
import { type Column, sql } from '../sql/index.js';
import type { EngineContext } from './engine-context.js';
import type { AppliedDate } from './period-dates.js';
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
 * A full refresh: the whole history from every source period up to `maxPeriod`, and the periods
 * applied empty, in one set-based pass and one transaction with the full check. Per-period figures
 * come from the rebuilt table; per-period time does not exist in one pass, so it is reported only
 * for the run.
 */
export async function fullRefresh(ctx: EngineContext, source: readonly Column[], maxPeriod: number, emptyPeriods: readonly AppliedDate[]): Promise<PeriodReport[]> {
  const { connection, spec } = ctx;
  ctx.onProgress({ kind: 'period-start', period: maxPeriod, chunks: 1 });
  const startedAt = performance.now();
  const rebuilt = await withTransaction(connection, async () => {
    await recreateHistory(connection, spec, source, ctx.updatedAt);
    const empty_periods = JSON.stringify(emptyPeriods.map((e) => ({ p: e.period, d: e.effectiveDate })));
    await exec(connection, sql.fullRefresh(spec), { max_period: maxPeriod, updated_at: ctx.updatedAt, empty_periods });
    await forgetPeriods(connection, spec);
    const rows = await all<RebuiltPeriod>(connection, sql.fullRefreshPeriods(spec), {
      max_period: maxPeriod,
      empty_periods,
      target: spec.target.canonical,
      applied_at: ctx.updatedAt,
      run_id: ctx.runId,
      engine_version: ENGINE_VERSION,
    });
    const report = await runChecks(connection, spec);
    await createMonitoring(connection, spec);
    await writeChecks(connection, spec, ctx.runId, maxPeriod, report.checks);
    if (!report.ok) throw fullRefreshFailed(report.checks.filter((c) => c.violations > 0).map((c) => `${c.name}: ${c.violations}`), report);
    ctx.stopIfInterrupted();
    return rows;
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
