import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Effective, runSequence, SEQUENCE_CONFIGS, scenario } from '../../support/sequence-property.js';

/** npm run test:stress: 1000 random sequences over every hard-delete mode at chunks 1 and 64. */
const TOTAL = 1000;
/**
 * Each kind of op must take effect this often over the run, or the generator has drifted into
 * sequences that skip it (an op whose condition does not hold does nothing) and the stress proves less
 * than it claims. Sampled over 1000 sequences, the rarest kind (fill, which needs an empty period applied
 * before it) took effect 35-40 times, the others 160-800.
 */
const MIN_EFFECTIVE = 15;

describe('history sequences under stress', () => {
  it(`${TOTAL} sequences end equal to a fresh in-order build`, async () => {
    let sequences = 0;
    const effective: Effective = { apply: 0, resimulate: 0, rewind: 0, late: 0, empty: 0, fill: 0 };
    const perConfig = Math.ceil(TOTAL / SEQUENCE_CONFIGS.length);
    for (const config of SEQUENCE_CONFIGS) {
      await fc.assert(
        fc.asyncProperty(scenario, async (s) => {
          const ops = await runSequence(s, config);
          for (const kind of Object.keys(ops) as (keyof Effective)[]) effective[kind] += ops[kind];
          sequences += 1;
        }),
        { numRuns: perConfig },
      );
    }
    console.log(
      `history sequences: ${sequences} run, 0 mismatches; ops that took effect: ${JSON.stringify(effective)}`,
    );
    expect(sequences).toBe(perConfig * SEQUENCE_CONFIGS.length);
    for (const [kind, count] of Object.entries(effective)) expect(count, kind).toBeGreaterThanOrEqual(MIN_EFFECTIVE);
  }, 3_600_000);
});
