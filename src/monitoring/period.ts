import type { DuckDBConnection } from '@duckdb/node-api';
import { timestampText } from '../db/database.js';
import { PHASES, type PhaseSeconds } from '../model/phases.js';
import type { HistorySpec } from '../sql/index.js';
import type { ChunkTiming } from '../workers/messages.js';
import { type CheckCount, createMonitoring, writeChecks, writeMonitoring } from './record.js';

/** One applied period's figures, as its monitoring rows hold them. */
export interface PeriodFigures {
  readonly runId: string;
  readonly period: number;
  readonly rowsRead: number;
  readonly phases: PhaseSeconds;
  /** Each chunk's computation. */
  readonly timings: readonly ChunkTiming[];
  /** The period's integrity checks, in the order they were found. */
  readonly checks: readonly CheckCount[];
  /** The period's time up to its record. */
  readonly seconds: number;
}

/**
 * A period's monitoring rows, written in its own transaction (or its replay's) just before its
 * ledger record: a killed run leaves rows only for the periods it committed. The tables are made
 * in the run's first period's transaction, so a refused run leaves none. Commit time is not known
 * yet, so it is only in the run's report; `seconds` is the period's time up to its record.
 */
export async function recordPeriodMonitoring(
  connection: DuckDBConnection,
  spec: HistorySpec,
  figures: PeriodFigures,
  firstOfRun: boolean,
): Promise<void> {
  const { runId, period, phases, seconds } = figures;
  if (firstOfRun) await createMonitoring(connection, spec);
  const target_table = spec.target.canonical;
  const recorded_at = timestampText(Date.now());
  const records = figures.rowsRead;
  // Each phase that ran (commit is still to come), then the period's whole time up to its record.
  const timed: Array<[string, number]> = [
    ...PHASES.filter((p) => p !== 'commit').map((p): [string, number] => [p, phases[`${p}Seconds`]]),
    ['period', seconds],
  ];
  await writeMonitoring(
    connection,
    spec,
    'phases',
    timed
      .filter(([, s]) => s > 0)
      .map(([phase, s]) => ({
        target_table,
        run_id: runId,
        period,
        phase,
        seconds: s,
        records,
        records_per_second: records / s,
        recorded_at,
      })),
  );
  await writeMonitoring(
    connection,
    spec,
    'chunks',
    figures.timings.map((t) => ({
      target_table,
      run_id: runId,
      period,
      chunk: t.chunk,
      worker: t.worker,
      started_at: timestampText(t.startedAtMs),
      finished_at: timestampText(t.finishedAtMs),
      latency_micros: Math.round((t.finishedAtMs - t.startedAtMs) * 1000),
      rows: t.rows,
    })),
  );
  await writeChecks(connection, spec, runId, period, figures.checks);
}
