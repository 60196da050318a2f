import type { DuckDBConnection } from '@duckdb/node-api';
import { runNotInLake } from '../errors/index.js';
import { type HistorySpec, sql } from '../sql/index.js';
import { all, exec, one, toNumber } from './database.js';

/**
 * A lake keeps every commit as a snapshot. The engine names its commits (DuckLake's commit
 * message): which history, which run, what it did; so `--run RUN_ID` finds the snapshot a run left.
 */
export interface LakeCommit {
  readonly runId: string;
  /** What the commit did: `period 2026`, `rewind to 2025`. */
  readonly what: string;
}

/** Names the commit of the caller's transaction, in a lake; nothing elsewhere. The last call in a transaction wins. */
export async function noteLakeCommit(connection: DuckDBConnection, spec: HistorySpec, commit: LakeCommit) {
  if (!spec.inLake) return;
  const extra = { run_id: commit.runId, target: spec.target.canonical, what: commit.what };
  await exec(connection, sql.lakeCommitMessage(), {
    message: `${spec.target.text}: ${commit.what} (run ${commit.runId})`,
    extra_info: JSON.stringify(extra),
  });
}

/** The last snapshot run `runId` committed; a run the lake has no commit of is refused, naming the latest runs. */
export async function runSnapshot(connection: DuckDBConnection, runId: string): Promise<number> {
  const found = await one<{ snapshot_id: bigint | null }>(connection, sql.lakeRunSnapshot(), { run_id: runId });
  if (found.snapshot_id !== null) return toNumber(found.snapshot_id);
  const rows = await all<{ commit_extra_info: string | null }>(connection, sql.lakeSnapshots());
  const runs = rows.flatMap((r) => {
    const runOf = r.commit_extra_info === null ? undefined : (JSON.parse(r.commit_extra_info) as { run_id?: string });
    return runOf?.run_id === undefined ? [] : [runOf.run_id];
  });
  throw runNotInLake(`run ${runId}`, [...new Set(runs)].slice(-5));
}
