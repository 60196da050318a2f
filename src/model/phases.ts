/** The phases of one period, in order; their seconds are what the run report's `phases` holds. */
export const PHASES = ['export', 'compute', 'merge', 'insert', 'check', 'commit'] as const;
export type Phase = (typeof PHASES)[number];

export type PhaseSeconds = { readonly [P in Phase as `${P}Seconds`]: number };

/** Phase timing in one place: each phase's wall time, measured around the work it names. */
export class PhaseTimer {
  private readonly seconds = new Map<Phase, number>();

  /** `onPhase`: told each measured phase as it ends (the run's debug log). */
  constructor(private readonly onPhase: (phase: Phase, seconds: number) => void = () => {}) {}

  async measure<T>(phase: Phase, work: () => Promise<T>): Promise<T> {
    const startedAt = performance.now();
    try {
      return await work();
    } finally {
      const seconds = (performance.now() - startedAt) / 1000;
      this.add(phase, seconds);
      this.onPhase(phase, seconds);
    }
  }

  add(phase: Phase, seconds: number): void {
    this.seconds.set(phase, (this.seconds.get(phase) ?? 0) + seconds);
  }

  /** Every phase, 0 for one that did not run. */
  summary(): PhaseSeconds {
    return Object.fromEntries(PHASES.map((p) => [`${p}Seconds`, this.seconds.get(p) ?? 0])) as PhaseSeconds;
  }
}
