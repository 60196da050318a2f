import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SEQUENCE_CONFIGS, runSequence, scenario } from '../../support/sequence-property.js';

/** npm run test:stress: 1000 random sequences over every hard-delete mode at chunks 1 and 64. */
const TOTAL = 1000;

describe('history sequences under stress', () => {
  it(`${TOTAL} sequences end equal to a fresh in-order build`, async () => {
    let sequences = 0;
    const perConfig = Math.ceil(TOTAL / SEQUENCE_CONFIGS.length);
    for (const config of SEQUENCE_CONFIGS) {
      await fc.assert(
        fc.asyncProperty(scenario, async (s) => {
          await runSequence(s, config);
          sequences += 1;
        }),
        { numRuns: perConfig },
      );
    }
    console.log(`history sequences: ${sequences} run, 0 mismatches`);
    expect(sequences).toBeGreaterThanOrEqual(TOTAL);
  }, 3_600_000);
});
