import type { DuckDBInstance } from '@duckdb/node-api';
import type { Logger } from 'pino';
import { withTransaction } from '../db/database.js';
import { isInterrupt } from '../db/duckdb-errors.js';
import { adoptedNoRewind, historyMissing, historyWithoutPeriods, rewindInterrupted } from '../errors/index.js';
import { faultPoint } from '../faults.js';
import { appliedPeriods } from '../history/ledger.js';
import { resolveHistory } from '../history/resolve.js';
import { type Rewound, rewindTo, verifyRewind } from '../history/rewind.js';
import { typedByHistory } from '../history/source-inspection.js';
import { ownedTargetRows } from '../history/target-table.js';
import { checkInteger, resolveRunOptions } from '../options/run-options.js';
import type { TableLayer } from '../options/table-config.js';
import { RunSession } from './session.js';

export interface RewindOptions {
  readonly db: string;
  /** The period whose state the history returns to; one before the first applied period empties it. */
  readonly to: number;
  readonly table?: TableLayer;
  readonly instance?: DuckDBInstance;
  readonly memoryLimitBytes?: number;
  readonly tempDirectory?: string;
  readonly logger?: Logger;
  /** Aborting it rolls the rewind back. */
  readonly signal?: AbortSignal;
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
  const settings = resolveRunOptions({ ...options, selection: { kind: 'all' }, inline: true });
  checkInteger('to', options.to, -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  // DuckDB drops an interrupt that comes between statements: checked before each step and COMMIT.
  const stopIfInterrupted = () => {
    if (settings.signal?.aborted) throw rewindInterrupted(String(settings.signal.reason));
  };
  return RunSession.use(
    settings,
    async ({ connection }) => {
      const { spec: untyped, recorded } = await resolveHistory(connection, settings.table);
      // Below an adopted dbt snapshot's last period, the versions dbt dated would go for good.
      const adopted = untyped.config.adopted;
      if (adopted !== null && options.to < adopted.throughPeriod) {
        throw adoptedNoRewind(untyped.target.text, adopted.throughPeriod, options.to);
      }
      const rows = await ownedTargetRows(connection, untyped, recorded !== undefined);
      if (rows === undefined) throw historyMissing(untyped.target.text, settings.db);
      // Checked against the ledger, not the source: the history's own types hash its values.
      const spec = await typedByHistory(connection, untyped);
      const applied = await appliedPeriods(connection, spec);
      if (applied.length === 0 && rows > 0) throw historyWithoutPeriods(spec.target.text);
      const keep = applied.filter((a) => a.period <= options.to).at(-1) ?? null;
      const periodsRemoved = applied.filter((a) => a.period > options.to).map((a) => a.period);
      let rewound: Rewound = { versionsDeleted: 0, versionsReopened: 0 };
      if (periodsRemoved.length > 0) {
        stopIfInterrupted();
        rewound = await withTransaction(connection, async () => {
          const result = await rewindTo(connection, spec, keep);
          await faultPoint('rewind', periodsRemoved[0] as number);
          stopIfInterrupted();
          await verifyRewind(connection, spec, keep);
          await faultPoint('commit', periodsRemoved[0] as number);
          stopIfInterrupted();
          return result;
        });
        await faultPoint('committed', periodsRemoved[0] as number);
      }
      const report = { targetTable: spec.target.text, period: keep?.period ?? null, periodsRemoved, ...rewound, seconds: (performance.now() - startedAt) / 1000 };
      settings.logger.info({ ...report }, 'history rewound');
      return report;
    },
    (error, signal) => (isInterrupt(error) ? rewindInterrupted(signal) : undefined),
  );
}
