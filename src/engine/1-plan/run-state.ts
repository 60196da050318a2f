import type { DuckDBConnection } from '@duckdb/node-api';
import { describeRelation } from '../../db/catalog.js';
import { all, one, toNumber, withTransaction } from '../../db/database.js';
import {
  adoptedNoRebuild,
  ledgerWithoutHistory,
  nullPeriods,
  periodNotAYear,
  unsafePeriod,
} from '../../errors/index.js';
import { asOfMacroInstalled, installAsOfMacro } from '../../history/as-of-macro.js';
import { type AppliedPeriod, appliedPeriods, refingerprint } from '../../history/ledger.js';
import { markUnmarked } from '../../history/ownership.js';
import { resolveHistory } from '../../history/resolve.js';
import { inspectSource, readingSource } from '../../history/source-inspection.js';
import { checkTargetShape } from '../../history/target-shape.js';
import { type OwnedTarget, ownedTarget, recreateHistory } from '../../history/target-table.js';
import { checkMonitoringTables } from '../../monitoring/record.js';
import type { RunSettings } from '../../options/run-options.js';
import { type Column, type HistorySpec, sql } from '../../sql/index.js';
import { type Footprint, footprintOf } from './first-run.js';
import type { HistoryState, SourceChange, SourcePeriod } from './planner.js';
import { verifyLedger } from './verify-history.js';

/** What a run starts from: the history's spec, the source's shape, and what the database holds now. */
export interface RunState extends HistoryState {
  readonly spec: HistorySpec;
  readonly sourceColumns: readonly Column[];
  /** Whether the history's as-of macro is there (a user's of its name is refused). */
  readonly asOfInstalled: boolean;
  /** The history's table as proved the engine's; undefined when there is none. */
  readonly target: OwnedTarget | undefined;
  /** For a history this run creates: what was there before it (src/engine/1-plan/first-run.ts). */
  readonly footprint: Footprint | undefined;
}

/**
 * The source's periods, exactly: a NULL period, or one past 2^53, is refused rather than rounded.
 * Fingerprinted only when `fingerprinted`, for a history with periods applied or one adopted.
 */
export async function readSourcePeriods(
  connection: DuckDBConnection,
  spec: HistorySpec,
  fingerprinted: boolean,
): Promise<SourcePeriod[]> {
  type Row = { period: string | null; effective_date: string | null; row_count: bigint; fingerprint: string | null };
  const read = () => all<Row>(connection, sql.sourcePeriods(spec, fingerprinted));
  const rows = await readingSource(connection, spec, read);
  const nulls = rows.find((r) => r.period === null);
  if (nulls !== undefined) throw nullPeriods(spec.config.periodColumn, toNumber(nulls.row_count));
  const years = spec.config.effectiveDateRule !== 'column';
  return rows.map((r) => {
    const period = Number(r.period);
    if (!Number.isSafeInteger(period)) throw unsafePeriod(spec.config.periodColumn, r.period as string);
    if (years && !(period >= 1 && period <= 9999))
      throw periodNotAYear(spec.config.periodColumn, period, spec.config.effectiveDateRule);
    return { period, effectiveDate: r.effective_date, rows: toNumber(r.row_count), fingerprint: r.fingerprint };
  });
}

/**
 * The periods an adopted dbt snapshot brought keep the dates its runs gave them (wall-clock
 * times), which no source column or rule gives: replaying one dates it so again.
 */
function adoptedDates(
  source: SourcePeriod[],
  applied: readonly AppliedPeriod[],
  throughPeriod: number | undefined,
): SourcePeriod[] {
  if (throughPeriod === undefined) return source;
  return source.map((s) => {
    const recorded = applied.find((a) => a.period === s.period);
    return s.period <= throughPeriod && recorded !== undefined ? { ...s, effectiveDate: recorded.effectiveDate } : s;
  });
}

/**
 * Applied periods whose source no longer gives the fingerprint or date recorded when they were
 * applied (re-simulated, or rows that arrived late for a period applied empty): never ignored, as
 * applying later periods on top would leave a history that silently disagrees with its source.
 */
async function changedPeriods(
  connection: DuckDBConnection,
  spec: HistorySpec,
  source: readonly SourcePeriod[],
  applied: readonly AppliedPeriod[],
): Promise<SourceChange[]> {
  const changed: SourceChange[] = [];
  for (const period of applied) {
    const now = source.find((s) => s.period === period.period);
    // A period gone from the source sums to '0'; one present was read with its fingerprint (readRunState).
    const fingerprint = now === undefined ? '0' : now.fingerprint;
    if (fingerprint === null) throw new Error(`period ${period.period} was read without its fingerprint`);
    const redated =
      now?.effectiveDate != null && now.effectiveDate !== period.effectiveDate
        ? { recorded: period.effectiveDate, now: now.effectiveDate }
        : undefined;
    if (fingerprint === period.fingerprint && redated === undefined) continue;
    // The source differs, or DuckDB's hash() does (an upgrade): the history itself decides which.
    const drift = await one<{ keys: bigint }>(connection, sql.periodDrift(spec), {
      period: period.period,
      effective_date: period.effectiveDate,
    });
    // An upgrade of hash() never changes how many rows a period has; with hard deletes ignored,
    // drift alone cannot see rows that vanished.
    const lostRows = Math.abs(period.rowsRead - (now?.rows ?? 0));
    const keys = Math.max(toNumber(drift.keys), lostRows);
    if (keys > 0 || redated !== undefined) changed.push({ period: period.period, keys, ...(redated && { redated }) });
    else await refingerprint(connection, spec, period.period, fingerprint);
  }
  return changed;
}

/**
 * Reads and checks everything planning needs: which history, its settings, the source's shape and
 * periods, the ledger, which applied periods changed, and whether the target is the engine's to
 * write. It writes nothing but a fingerprint recorded again after a DuckDB upgrade changed hash()
 * (see changedPeriods).
 */
export async function readRunState(connection: DuckDBConnection, settings: RunSettings): Promise<RunState> {
  // A history may take new settings when rebuilt, or when no period was ever applied to it (an
  // empty table a failed first run left: an earlier version did, or one that could not take it back).
  let unused = false;
  const { spec: untyped, recorded } = await resolveHistory(connection, settings.table, async (history, asRecorded) => {
    const rows = (await ownedTarget(connection, history, asRecorded))?.rows ?? 0;
    unused = (await appliedPeriods(connection, history)).length === 0 && rows === 0;
    return settings.fullRefresh || unused;
  });
  const adopted = untyped.config.adopted;
  if (adopted !== null && settings.fullRefresh) throw adoptedNoRebuild(untyped.target.text, adopted.throughPeriod);
  const { columns: sourceColumns, types } = await inspectSource(connection, untyped);
  const spec = untyped.typed(types);
  // Proved even when unused: a full refresh swaps it out only if it is still the table proved here.
  const target = await ownedTarget(connection, spec, recorded);
  await checkMonitoringTables(connection, spec);
  const asOfInstalled = await asOfMacroInstalled(connection, spec);
  const applied = await appliedPeriods(connection, spec);
  // A plan made from an edited ledger would be wrong: refused before anything is read from it.
  if (!settings.fullRefresh) verifyLedger(spec, applied);
  // Only applied periods are compared with the source's fingerprints, and a full refresh compares none.
  const fingerprinted = !settings.fullRefresh && applied.length > 0;
  const source = adoptedDates(
    await readSourcePeriods(connection, spec, fingerprinted),
    applied,
    adopted?.throughPeriod,
  );
  const targetRows = unused ? undefined : target?.rows;
  if (!settings.fullRefresh) {
    if (targetRows === undefined && applied.length > 0) throw ledgerWithoutHistory(spec.target.text, applied.length);
    const targetColumns = targetRows === undefined ? undefined : await describeRelation(connection, spec.target);
    if (targetColumns !== undefined) checkTargetShape(targetColumns, sourceColumns, spec);
  }
  const changed = settings.fullRefresh ? [] : await changedPeriods(connection, spec, source, applied);
  // What a first run may create, to take it back if the run fails before its first commit.
  const footprint = recorded === undefined && target === undefined ? await footprintOf(connection, spec) : undefined;
  return { spec, sourceColumns, asOfInstalled, source, applied, changed, targetRows, target, footprint };
}

/**
 * Before a run applies its first period, in one transaction: no table yet, or an empty one nothing
 * was applied to (its settings may have changed), is created anew; an existing one gets the as-of
 * macro it lacks (created before the macro existed) and the mark it lacks (recorded before marks).
 */
export async function readyHistory(connection: DuckDBConnection, state: RunState, createdAt: string): Promise<void> {
  const { spec, target } = state;
  if (state.targetRows === undefined) {
    return withTransaction(connection, () => recreateHistory(connection, spec, state.sourceColumns, createdAt));
  }
  if (state.asOfInstalled && !target?.unmarked) return;
  await withTransaction(connection, async () => {
    if (!state.asOfInstalled) await installAsOfMacro(connection, spec);
    if (target?.unmarked) await markUnmarked(connection, spec, target.comment);
  });
}
