import type { DuckDBConnection } from '@duckdb/node-api';
import { all, toNumber, wasRolledBack } from '../db/database.js';
import { type ScdError, interrupted, refreshInterrupted } from '../errors/index.js';
import { ledgerExists } from '../history/ledger.js';
import { type HistorySpec, sql } from '../sql/index.js';
import type { RunWork } from '../coordinator/run.js';
import type { RunSession } from './session.js';

/** The periods the ledger holds from run `runId`, in order. */
export async function periodsOfRun(connection: DuckDBConnection, spec: HistorySpec, runId: string): Promise<number[]> {
  if (!(await ledgerExists(connection))) return [];
  const params = { target: spec.target.canonical, run_id: runId };
  const rows = await all<{ period: bigint }>(connection, sql.periodsOfRun(), params);
  return rows.map((r) => toNumber(r.period));
}

/**
 * What a run a signal stopped did, once its transaction in progress was rolled back: the periods
 * committed are read from the ledger, never inferred from the run's progress. DuckDB's COMMIT,
 * interrupted, may report INTERRUPT although it committed (a hostile test saw one period more in
 * the ledger than the message named in 8 runs of 20). A period was rolled back only if a
 * transaction was, while some planned period is not committed: after the last one, only the run's
 * monitoring row is left to write. A full refresh commits to the history only at its swap: until
 * then, it is rolled back whole. `work` is undefined while the run was still planning, which writes
 * no period.
 */
export async function runInterrupted(
  signal: string,
  error: unknown,
  session: RunSession,
  work: RunWork | undefined,
): Promise<ScdError> {
  if (work === undefined) return interrupted(signal, []);
  const { spec, runId } = work.ctx;
  const committed = await session.readCommitted((connection) => periodsOfRun(connection, spec, runId));
  if (work.plan.fullRefresh && committed.length === 0) return refreshInterrupted(signal);
  if (!wasRolledBack(error) || committed.length === work.plan.inputs.length) return interrupted(signal, committed);
  // A replay rewinds and applies its periods in one transaction: they go back together.
  const undone = work.plan.rewindTo === undefined ? 'the period in progress was' : 'the periods in progress were';
  return interrupted(signal, committed, undone);
}
