import fc from 'fast-check';
import { describe, it } from 'vitest';
import { runSequence, SEQUENCE_CONFIGS, scenario } from '../../support/sequence-property.js';

/** The short run of the sequence property; npm run test:stress runs 1000 sequences. */
describe('random sequences of apply, re-simulate + replace, rewind, late and empty periods', () => {
  it.each(SEQUENCE_CONFIGS)(
    'end equal to a fresh in-order build ($hardDeletes, chunks $chunks, dbt settings $dbtSettings)',
    async (config) => {
      await fc.assert(
        fc.asyncProperty(scenario, async (s) => {
          await runSequence(s, config);
        }),
        { numRuns: 10 },
      );
    },
    300_000,
  );
});
