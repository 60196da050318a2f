/** What a run proves of the history it finds before writing on it (src/engine/1-plan/verify-history.ts). */
export const VERIFY_MODES = ['full', 'touched'] as const;
export type VerifyMode = (typeof VERIFY_MODES)[number];

/** What a run verified of the history it found, as its report says. */
export interface Verification {
  /** none: no period stood on a history found (nothing applied, a first run, or a full refresh). */
  readonly mode: VerifyMode | 'none';
  /** The versions the history held when found; 0 with none. */
  readonly versions: number;
  readonly seconds: number;
  /** The fingerprints were computed anew: none was recorded, or they differed while `check` passed. */
  readonly recorded: boolean;
}
