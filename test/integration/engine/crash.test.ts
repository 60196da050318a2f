import { describe, it } from 'vitest';
import { crashTest, KILL_POINTS } from '../../support/crash-harness.js';

/** The short version of crash.stress.test.ts: one SIGKILL at each point of the apply. */
describe('crash safety', () => {
  it('after a SIGKILL at any point, history is before or after the period, and the next run completes it', async () => {
    await crashTest(
      KILL_POINTS.map((point, i) => ({ rule: `kill:${point}:${2025 + (i % 3)}` })),
      1500,
      3,
    );
  });
});
