import { randomUUID } from 'node:crypto';
import { one, toNumber, wasRolledBack, withTransaction } from '../db/database.js';
import { noteLakeCommit } from '../db/lake-commits.js';
import { RunSession } from '../engine/session.js';
import {
  adoptedNoRewind,
  historyMissing,
  historyWithoutPeriods,
  rewindCommitted,
  rewindInterrupted,
  rewindNotBegun,
} from '../errors/index.js';
import { faultPoint } from '../faults.js';
import { appliedPeriods } from '../history/ledger.js';
import { markUnmarked, proveHistory } from '../history/ownership.js';
import { type Rewound, rewindTo, verifyRewind } from '../history/remove-periods.js';
import { resolveHistory } from '../history/resolve.js';
import { typedByHistory } from '../history/source-inspection.js';
import { checkInteger } from '../options/checks.js';
import { resolveSessionOptions, type SessionOptions } from '../options/session-options.js';
import { type HistorySpec, sql } from '../sql/index.js';

export interface RewindOptions extends SessionOptions {
  /** The period whose state the history returns to; one before the first applied period empties it. */
  readonly to: number;
}

export interface RewindReport extends Rewound {
  readonly targetTable: string;
  /** The period the history now ends at; null when it is empty. */
  readonly period: number | null;
  /** Applied periods the history no longer holds, in order; none when there was nothing to rewind. */
  readonly periodsRemoved: readonly number[];
  readonly seconds: number;
}

/**
 * `scd-parallel rewind --to Y`: the history returns to exactly its state after the latest applied
 * period not after Y, in one transaction checked against that period's ledger record. A history
 * already there is left as it is. The run's lease and single-writer rules apply as to `run`.
 */
export async function rewindScd(options: RewindOptions): Promise<RewindReport> {
  const startedAt = performance.now();
  const settings = resolveSessionOptions(options);
  checkInteger('to', options.to, -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  await using session = await RunSession.open(settings, false);
  const { connection } = session;
  // Once decided: what a signal that stops the rewind is told against.
  let decided: { spec: HistorySpec; keep: number | null; periodsRemoved: readonly number[] } | undefined;
  return await session.run(
    async () => {
      const { spec: untyped, recorded } = await resolveHistory(connection, settings.table);
      // Below an adopted dbt snapshot's last period, the versions dbt dated would go for good.
      const adopted = untyped.config.adopted;
      if (adopted !== null && options.to < adopted.throughPeriod) {
        throw adoptedNoRewind(untyped.target.text, adopted.throughPeriod, options.to);
      }
      const target = await proveHistory(connection, untyped, recorded);
      if (target === undefined) throw historyMissing(untyped.target.text, settings.db);
      const rows = toNumber((await one<{ n: bigint }>(connection, sql.targetRows(untyped))).n);
      // Checked against the ledger, not the source: the history's own types hash its values.
      const spec = await typedByHistory(connection, untyped);
      const applied = await appliedPeriods(connection, spec);
      if (applied.length === 0 && rows > 0) throw historyWithoutPeriods(spec.target.text);
      const keep = applied.filter((a) => a.period <= options.to).at(-1) ?? null;
      const periodsRemoved = applied.filter((a) => a.period > options.to).map((a) => a.period);
      decided = { spec, keep: keep?.period ?? null, periodsRemoved };
      let rewound: Rewound = { versionsDeleted: 0, versionsReopened: 0 };
      if (periodsRemoved.length > 0) {
        // DuckDB drops an interrupt that comes between statements: checked before each step and COMMIT.
        session.throwIfAborted();
        session.claimLakeHistory(spec.target);
        rewound = await withTransaction(connection, async () => {
          // A history recorded before marks gets its mark with its first write.
          if (target.unmarked) await markUnmarked(connection, spec, target.comment);
          const result = await rewindTo(connection, spec, keep);
          await faultPoint('rewind', periodsRemoved[0] as number);
          session.throwIfAborted();
          await verifyRewind(connection, spec, keep);
          await noteLakeCommit(connection, spec, { runId: randomUUID(), what: `rewind to ${options.to}` });
          await faultPoint('commit', periodsRemoved[0] as number);
          session.throwIfAborted();
          return result;
        });
        await faultPoint('committed', periodsRemoved[0] as number);
      }
      const report = {
        targetTable: spec.target.text,
        period: keep?.period ?? null,
        periodsRemoved,
        ...rewound,
        seconds: (performance.now() - startedAt) / 1000,
      };
      settings.logger.info({ ...report }, 'history rewound');
      return report;
    },
    // Told from the ledger, which the rewind's transaction changes with the history: the periods
    // it removes are gone once it committed, whatever the COMMIT reported.
    async (signal, error) => {
      if (decided === undefined || decided.periodsRemoved.length === 0) return rewindNotBegun(signal);
      const { spec, keep, periodsRemoved } = decided;
      const left = await session.readCommitted((connection) => appliedPeriods(connection, spec));
      if (!left.some((a) => periodsRemoved.includes(a.period))) return rewindCommitted(signal, keep);
      return wasRolledBack(error) ? rewindInterrupted(signal) : rewindNotBegun(signal);
    },
  );
}
