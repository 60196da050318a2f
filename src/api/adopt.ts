import { randomUUID } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { describeRelation, readHome, relationOf } from '../db/catalog.js';
import { all, exec, one, timestampText, toNumber, wasRolledBack, withTransaction } from '../db/database.js';
import { readSourcePeriods } from '../engine/1-plan/run-state.js';
import { recordWholeFingerprints } from '../engine/4-check/found-history.js';
import { RunSession } from '../engine/session.js';
import {
  adoptCommitted,
  adoptDeletedUnknown,
  adoptEmpty,
  adoptedAlready,
  adoptFailed,
  adoptInterrupted,
  adoptNeedsTarget,
  adoptNotBegun,
  adoptNotSnapshot,
  adoptScdIdRepeats,
  adoptTooManyDates,
  notOnLake,
} from '../errors/index.js';
import { faultPoint } from '../faults.js';
import { asOfMacroInstalled, installAsOfMacro } from '../history/as-of-macro.js';
import { type CheckReport, runChecks } from '../history/checks.js';
import { createLedger, periodsOfRun } from '../history/ledger.js';
import { markHistory, newToken } from '../history/ownership.js';
import { resolveHistory } from '../history/resolve.js';
import { recordSettings } from '../history/settings.js';
import { snapshotLayout } from '../history/snapshot-layout.js';
import { inspectSource } from '../history/source-inspection.js';
import { validateViewRows } from '../history/source-rows.js';
import { checkTargetShape } from '../history/target-shape.js';
import { resolveSessionOptions, type SessionOptions } from '../options/session-options.js';
import type { TableLayer } from '../options/table-config.js';
import { ENGINE_VERSION } from '../paths.js';
import { HistorySpec, sql } from '../sql/index.js';

export interface AdoptOptions extends SessionOptions {
  /** The dbt snapshot is `targetTable`; the rest as for run (metaColumnNames for renamed meta columns). */
  readonly table: TableLayer;
}

export interface AdoptReport {
  readonly targetTable: string;
  /** Each source period the snapshot holds, with the time its dbt run dated it. */
  readonly periods: ReadonlyArray<{ readonly period: number; readonly effectiveDate: string }>;
  readonly checks: CheckReport;
  readonly seconds: number;
}

/**
 * Refuses a snapshot whose versions dbt itself could not continue, naming them: two sharing one
 * dbt_scd_id (or one without), and dbt_is_deleted text that is neither 'True' nor 'False'.
 */
async function checkSnapshotRows(connection: DuckDBConnection, spec: HistorySpec, table: string): Promise<void> {
  type Found = { violations: bigint; sample: string[] };
  const ids = await one<Found>(connection, sql.adoptScdIds(spec));
  const named = (role: 'scdId' | 'isDeleted') => spec.schema.name(role);
  if (ids.violations > 0n) throw adoptScdIdRepeats(table, named('scdId'), toNumber(ids.violations), ids.sample);
  if (spec.config.adopted?.deletedAsText !== true) return;
  const deleted = await one<Found>(connection, sql.adoptDeletedValues(spec));
  const rows = toNumber(deleted.violations);
  if (rows > 0) throw adoptDeletedUnknown(table, named('isDeleted'), rows, deleted.sample);
}

/**
 * `scd-parallel adopt`: takes over a dbt snapshot table so that `run` continues it. The k-th
 * time its versions start or end at is the k-th source period's date; in ONE transaction the
 * ledger and settings are recorded and every check of `check` runs, and a snapshot that does not
 * match its source rolls back with nothing recorded. Its rows are never changed.
 */
export async function adoptSnapshot(options: AdoptOptions): Promise<AdoptReport> {
  const startedAt = performance.now();
  if (options.table.targetTable === undefined) throw adoptNeedsTarget();
  // A dbt snapshot lives in the database file; adopting one into a lake would copy it there.
  if (options.lake !== undefined) throw notOnLake('adopt');
  const settings = resolveSessionOptions(options);
  const runId = randomUUID();
  // Once decided: what a signal that stops the adoption is told against.
  let decided: { spec: HistorySpec; through: number } | undefined;
  await using session = await RunSession.open(settings, false);
  const { connection } = session;
  return await session.run(
    async () => {
      const { spec: asGiven, recorded } = await resolveHistory(connection, options.table);
      const table = asGiven.target.text;
      if (recorded !== undefined) throw adoptedAlready(table);
      const relation = await relationOf(connection, asGiven.target);
      if (relation?.kind !== 'table') throw adoptNotSnapshot(table, relation === undefined ? 'missing' : 'a view');
      const columns = (await describeRelation(connection, asGiven.target)) ?? [];
      const found = snapshotLayout(table, columns, asGiven.config.metaColumnNames, options.table.hardDeletes);
      const home = await readHome(connection);
      const specThrough = (throughPeriod: number) =>
        new HistorySpec(
          {
            ...asGiven.config,
            validityType: found.validityType,
            hardDeletes: found.hardDeletes,
            adopted: { throughPeriod, ...found.layout },
          },
          home,
        );
      const shape = await inspectSource(connection, specThrough(0));
      const probe = specThrough(0).typed(shape.types);
      checkTargetShape(columns, shape.columns, probe);
      await checkSnapshotRows(connection, probe, table);
      await validateViewRows(connection, probe);
      const dates = (await all<{ effective_date: string }>(connection, sql.adoptBoundaries(probe))).map(
        (r) => r.effective_date,
      );
      if (dates.length === 0) throw adoptEmpty(table);
      const source = await readSourcePeriods(connection, probe, true);
      if (dates.length > source.length)
        throw adoptTooManyDates(
          table,
          dates.length,
          source.map((s) => s.period),
        );
      const periods = dates.map((effectiveDate, i) => ({ ...(source[i] as (typeof source)[number]), effectiveDate }));
      const through = (periods.at(-1) as (typeof periods)[number]).period;
      const spec = specThrough(through).typed(shape.types);
      // A user's function of the as-of macro's name is refused before anything is written.
      await asOfMacroInstalled(connection, spec);
      const first = (periods[0] as (typeof periods)[number]).period;
      decided = { spec, through };
      session.throwIfAborted();
      const checks = await withTransaction(connection, async () => {
        const now = timestampText(Date.now());
        // From now on the table proves itself the engine's by its mark; dbt's documentation of it
        // (persist_docs writes the table comment) is kept in front of the mark.
        const token = newToken();
        await markHistory(connection, spec, token, relation.comment);
        await recordSettings(connection, spec, now, token);
        await installAsOfMacro(connection, spec);
        await createLedger(connection);
        await exec(connection, sql.periodsDerive(spec), {
          periods: JSON.stringify(
            periods.map((p) => ({ p: p.period, d: p.effectiveDate, n: p.rows, fp: p.fingerprint })),
          ),
          target: spec.target.canonical,
          applied_at: now,
          run_id: runId,
          engine_version: ENGINE_VERSION,
        });
        const report = await runChecks(connection, spec);
        const failures = report.checks
          .filter((c) => c.violations > 0)
          .map((c) => `${c.name}: ${c.violations} (${c.sample.join(', ')})`);
        if (failures.length > 0) throw adoptFailed(table, failures, report);
        // What a run continuing it compares the history and the ledger it finds with.
        await recordWholeFingerprints(connection, spec);
        await faultPoint('commit', first);
        session.throwIfAborted();
        return report;
      });
      await faultPoint('committed', first);
      const report = {
        targetTable: table,
        periods: periods.map(({ period, effectiveDate }) => ({ period, effectiveDate })),
        checks,
        seconds: (performance.now() - startedAt) / 1000,
      };
      settings.logger.info({ targetTable: table, periods: report.periods.length }, 'dbt snapshot adopted');
      return report;
    },
    async (signal, error) => {
      // Told from the ledger: the adoption's periods are there, with its run id, once it committed.
      if (decided === undefined) return adoptNotBegun(signal);
      const { spec, through } = decided;
      if ((await session.readCommitted((connection) => periodsOfRun(connection, spec, runId))).length > 0) {
        return adoptCommitted(signal, spec.target.text, through);
      }
      return wasRolledBack(error) ? adoptInterrupted(signal) : adoptNotBegun(signal);
    },
  );
}
