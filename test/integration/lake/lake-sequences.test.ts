import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATALOGS, lakeRuns } from '../../support/lake.js';
import { type Effective, runSequence, type SequenceConfig, scenario } from '../../support/sequence-property.js';

/**
 * The sequence property with the history in a lake, on every catalog: apply, re-simulate +
 * replace, rewind, late and empty periods end equal to a fresh in-order build, as the file's do,
 * and pass check. Fewer runs than the file's: a lake's commit costs a catalog round trip.
 */
const CONFIGS: readonly SequenceConfig[] = CATALOGS.flatMap((lake) => [
  { hardDeletes: 'invalidate', chunks: 64, lake },
  { hardDeletes: 'new_record', chunks: 1, dbtSettings: true, lake },
]);

describe('a history in a lake follows random sequences as the file does', () => {
  it.runIf(lakeRuns).each(CONFIGS)(
    'ends equal to a fresh in-order build ($lake catalog, $hardDeletes, chunks $chunks)',
    async (config) => {
      const total: Effective = { apply: 0, resimulate: 0, rewind: 0, late: 0, empty: 0, fill: 0 };
      await fc.assert(
        fc.asyncProperty(scenario, async (s) => {
          const effective = await runSequence(s, config);
          for (const kind of Object.keys(total) as (keyof Effective)[]) total[kind] += effective[kind];
        }),
        { numRuns: 6 },
      );
      // Not vacuous: replaces and rewinds took effect on the lake.
      expect(total.resimulate + total.rewind).toBeGreaterThan(0);
    },
    600_000,
  );
});
