import fc from 'fast-check';
import { describe, it } from 'vitest';
import { crashTest, KILL_POINTS, type Kill } from '../../support/crash-harness.js';

/** npm run test:stress: 24 random kill points (rules at random phases and periods, and random times). */
describe('crash safety under stress', () => {
  it('survives SIGKILL at 24 random points of a 5-year run', async () => {
    const kills = fc.sample(
      fc.oneof(
        fc
          .record({ point: fc.constantFrom(...KILL_POINTS), year: fc.integer({ min: 2025, max: 2029 }) })
          .map(({ point, year }): Kill => ({ rule: `kill:${point}:${year}` })),
        // Up to 70% of an uninterrupted run's time: a run rarely speeds up by a third between two tries.
        fc.double({ min: 0.02, max: 0.7, noNaN: true }).map((atFraction): Kill => ({ atFraction })),
      ),
      { numRuns: 24 },
    );
    await crashTest(kills, 5000, 5);
  }, 900_000);
});
