import { DEFAULTS, MAX_CHUNKS, MAX_RETRIES, MAX_WORKERS } from '../defaults.js';
import type { ProgressEvent } from '../model/progress.js';
import { VERIFY_MODES, type VerifyMode } from '../model/verification.js';
import { checkDate, checkInteger, checkOneOf, checkPositive } from './checks.js';
import { resolveSessionOptions, type SessionOptions, type SessionSettings } from './session-options.js';

/** Which periods a run should apply. */
export type PeriodSelection =
  | { readonly kind: 'all' }
  | { readonly kind: 'range'; readonly from: number; readonly to: number; readonly exact: boolean };

/**
 * What `runScd` accepts: the session's options, and the run's own; every one but selection has a default in DEFAULTS.
 */
export interface RunOptions extends SessionOptions {
  readonly selection: PeriodSelection;
  readonly chunks?: number | 'auto';
  readonly workers?: number;
  readonly fullRefresh?: boolean;
  /** Compute change sets in the coordinator with one set-based query instead of the pool. */
  readonly inline?: boolean;
  readonly slaSeconds?: number;
  /** An SLA for each period too: a period over it is a breach of its own. */
  readonly periodSlaSeconds?: number;
  /** Apply an explicitly requested period that has no rows, closing every current version. */
  readonly allowEmpty?: boolean;
  /** The effective date (YYYY-MM-DD) of the period without rows this run applies, where none can be derived. */
  readonly emptyPeriodDate?: string;
  /**
   * Apply applied periods whose source changed again: the history is rewound to the period before
   * the first changed one and every period from there is applied again, in one transaction.
   */
  readonly replace?: boolean;
  /** Attempts after the first for a failed chunk. */
  readonly retries?: number;
  /**
   * What the run proves of the history it finds before writing on it
   * (src/engine/1-plan/verify-history.ts): full, that the whole history is what the engine last
   * committed (one scan); touched, the ledger and the versions its periods read and close. Unset:
   * full where it is cheap next to the run.
   */
  readonly verify?: VerifyMode;
  readonly onProgress?: (event: ProgressEvent) => void;
}

/** RunOptions with every default filled in and every value checked. */
export interface RunSettings extends SessionSettings {
  readonly selection: PeriodSelection;
  readonly chunks: number | 'auto';
  readonly workers: number;
  readonly fullRefresh: boolean;
  readonly inline: boolean;
  readonly slaSeconds: number;
  readonly periodSlaSeconds: number | undefined;
  readonly allowEmpty: boolean;
  readonly emptyPeriodDate: string | undefined;
  readonly replace: boolean;
  readonly retries: number;
  readonly verify: VerifyMode | undefined;
  readonly onProgress: (event: ProgressEvent) => void;
}

/** The run's options on top of the session's: defaults, then checks that name the option, in this order. */
export function resolveRunOptions(options: RunOptions): RunSettings {
  const chunks = options.chunks ?? DEFAULTS.chunks;
  return {
    selection: options.selection,
    chunks: chunks === 'auto' ? chunks : checkInteger('chunks', chunks, 1, MAX_CHUNKS),
    workers: checkInteger('workers', options.workers ?? DEFAULTS.workers, 1, MAX_WORKERS),
    ...resolveSessionOptions(options),
    fullRefresh: options.fullRefresh ?? false,
    inline: options.inline ?? false,
    slaSeconds: checkPositive('slaSeconds', options.slaSeconds ?? DEFAULTS.slaSeconds),
    periodSlaSeconds:
      options.periodSlaSeconds === undefined ? undefined : checkPositive('periodSlaSeconds', options.periodSlaSeconds),
    allowEmpty: options.allowEmpty ?? false,
    emptyPeriodDate:
      options.emptyPeriodDate === undefined ? undefined : checkDate('emptyPeriodDate', options.emptyPeriodDate),
    replace: options.replace ?? false,
    retries: checkInteger('retries', options.retries ?? DEFAULTS.retries, 0, MAX_RETRIES),
    verify: checkOneOf('verify', VERIFY_MODES, options.verify),
    onProgress: options.onProgress ?? (() => undefined),
  };
}

/** `chunks: 'auto'`: one chunk per DEFAULTS.autoRowsPerChunk rows of the largest period, at least one. */
export function autoChunks(rowsPerPeriod: number): number {
  return Math.min(MAX_CHUNKS, Math.max(1, Math.floor(rowsPerPeriod / DEFAULTS.autoRowsPerChunk)));
}
