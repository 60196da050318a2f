import type { LatencyHistogram } from '../../model/latency.js';
import type { PhaseTimer } from '../../model/phases.js';
import type { ChangeCounts } from '../../model/run-report.js';
import type { ApplySide, Fragment, HardDeletes } from '../../sql/index.js';
import type { ChunkTiming } from '../../workers/messages.js';
import type { PeriodInput } from '../1-plan/planner.js';

/**
 * A period's snapshot export, (k0.., h) by chunk. Once the period is applied and checked, it is exactly the current
 * versions.
 */
export type SnapshotExport = ReadonlyMap<number, readonly string[]>;

export interface ChangeSet extends ChangeCounts {
  /**
   * A relation of (k0.., action), every key of the period and of the current versions; undefined when nothing changed.
   */
  readonly relation: Fragment | undefined;
  readonly latency: LatencyHistogram;
  /** Each chunk's computation, for mon_chunk_latency. */
  readonly timings: readonly ChunkTiming[];
  /** What the next period may reuse as its current versions, once this one is applied. */
  readonly snapshot: SnapshotExport | undefined;
}

/** A period whose change set is ready to apply. */
export interface Prepared {
  readonly input: PeriodInput;
  readonly changes: ChangeSet;
  readonly timer: PhaseTimer;
}

/** How change sets are computed: by the worker pool, or inline by the coordinator. */
export interface ChangeSetStrategy {
  /** Whether period i+1's change set may be computed while period i is applied. */
  readonly overlaps: boolean;
  /** Chunks a period is split into (1 inline). */
  readonly chunks: number;
  prepare(input: PeriodInput, previous: SnapshotExport | undefined, timer: PhaseTimer): Promise<ChangeSet>;
  /** After the period's transaction, committed or not: its change set is no longer needed. */
  release(prepared: Prepared): Promise<void>;
  /** Once the next period is prepared: nothing of this period is needed any more. */
  retire(prepared: Prepared): void;
}

/** Whether a period changes anything; its change set also lists the unchanged keys. */
export function changesAny(changes: ChangeCounts): boolean {
  return changes.newVersions + changes.changedVersions + changes.removedVersions > 0;
}

/**
 * The smaller side of a period's change set for each statement of the apply. Closing reads the
 * live current versions, whose keys are the changed, removed and unchanged ones; inserting reads
 * the period's rows, whose keys are the new, changed and unchanged ones. Through the unchanged
 * keys, a statement's hash table holds only them: where everyone gets a yearly raise, none. With
 * hard deletes ignored, a removed key keeps its version, so closing "all but the unchanged" would
 * close it: closing goes through the changed keys there.
 */
export function applySides(changes: ChangeCounts, hardDeletes: HardDeletes): { close: ApplySide; insert: ApplySide } {
  const closing = changes.changedVersions + changes.removedVersions;
  const inserting = changes.newVersions + changes.changedVersions;
  return {
    close: hardDeletes !== 'ignore' && changes.unchanged < closing ? 'unchanged' : 'changed',
    insert: changes.unchanged < inserting ? 'unchanged' : 'changed',
  };
}
