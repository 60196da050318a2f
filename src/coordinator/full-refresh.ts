import { all, exec, toNumber, withTransaction } from '../db/database.js';
import { ExitCode, ScdError } from '../errors.js';
import { columnDefinitions, render } from '../sql/index.js';
import { runChecks } from './check.js';
import { type EngineContext, tableFragments } from './context.js';
import { type PeriodReport } from './report.js';

interface RebuiltPeriod {
  period: bigint;
  effective_date: Date;
  rows_read: bigint;
  new_versions: bigint;
  changed_versions: bigint;
  removed_versions: bigint;
}

const EMPTY_LATENCY = { count: 0, p50Micros: 0, p99Micros: 0, maxMicros: 0 };

/**
 * --full-refresh: the whole history from every source period up to `maxPeriod`, in one set-based
 * pass and one transaction with the full check. Per-period figures come from the rebuilt table;
 * per-period time does not exist in one pass, so it is reported only for the run.
 */
export async function fullRefresh(ctx: EngineContext, maxPeriod: number): Promise<PeriodReport[]> {
  const fragments = tableFragments(ctx.config);
  ctx.onProgress({ kind: 'period-start', period: maxPeriod, chunks: 1 });
  const startedAt = performance.now();
  const rebuilt = await withTransaction(ctx.connection, async () => {
    await exec(ctx.connection, `DROP TABLE IF EXISTS ${fragments.target.sql}`);
    await exec(ctx.connection, render('target_create', { ...fragments, source_columns: columnDefinitions(ctx.sourceColumns) }));
    await exec(ctx.connection, render('full_refresh', fragments), { max_period: maxPeriod, updated_at: ctx.updatedAt });
    await exec(ctx.connection, render('periods_forget', fragments), { target: ctx.config.targetTable });
    const rows = await all<RebuiltPeriod>(ctx.connection, render('full_refresh_periods', fragments), {
      max_period: maxPeriod,
      target: ctx.config.targetTable,
      applied_at: ctx.updatedAt,
    });
    const report = await runChecks(ctx.connection, ctx.config);
    if (!report.ok) {
      const failed = report.checks.filter((c) => c.violations > 0).map((c) => `${c.name}: ${c.violations}`);
      throw new ScdError(`integrity check failed after full refresh; rolled back: ${failed.join('; ')}`, ExitCode.checkFailed, report);
    }
    return rows;
  });
  ctx.onProgress({ kind: 'period-done', period: maxPeriod, status: 'rebuilt', seconds: (performance.now() - startedAt) / 1000 });
  return rebuilt.map((r) => {
    const rowsRead = toNumber(r.rows_read);
    const newVersions = toNumber(r.new_versions);
    const changedVersions = toNumber(r.changed_versions);
    return {
      period: toNumber(r.period),
      effectiveDate: r.effective_date.toISOString().slice(0, 10),
      status: 'rebuilt',
      rowsRead,
      newVersions,
      changedVersions,
      removedVersions: toNumber(r.removed_versions),
      unchanged: rowsRead - newVersions - changedVersions,
      seconds: null,
      rowsPerSecond: null,
      chunkLatency: EMPTY_LATENCY,
      slaBreached: false,
      phases: null,
    };
  });
}
