import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../support/paths.js';

const EXAMPLE = join(ROOT, 'examples', 'dagster');
/** The venv .ci/run installs examples/dagster/requirements.txt into; SCD_DAGSTER_PYTHON points elsewhere. */
const PYTHON = process.env.SCD_DAGSTER_PYTHON ?? join(ROOT, '.venv-dagster', 'bin', 'python');

describe('the Dagster example', () => {
  // CI sets SCD_REQUIRE_DAGSTER, so that a missing venv fails there instead of skipping.
  it.runIf(existsSync(PYTHON) || process.env.SCD_REQUIRE_DAGSTER !== undefined)(
    'materializes 2 scenarios x 3 years on the multiprocess executor, in files and in one lake (test_pipeline.py)',
    () => {
      // -rs: pytest names each skipped test and why. The lake mode's test skips without SCD_TEST_POSTGRES and
      // SCD_EXTENSION_DIR, and fails instead where SCD_REQUIRE_LAKE or SCD_REQUIRE_POSTGRES is set (CI).
      const args = ['-m', 'pytest', '-q', '-rs', '-p', 'no:cacheprovider', 'test_pipeline.py'];
      const pytest = spawnSync(PYTHON, args, { cwd: EXAMPLE, encoding: 'utf8' });
      expect(pytest.error).toBeUndefined();
      const skipped = pytest.stdout.split('\n').filter((line) => line.startsWith('SKIPPED'));
      if (skipped.length > 0) console.warn(`Dagster example: ${skipped.join('\n')}`);
      // pytest's own report is the useful message when it fails
      expect({
        status: pytest.status,
        output: pytest.status === 0 ? '' : `${pytest.stdout}\n${pytest.stderr}`,
      }).toEqual({ status: 0, output: '' });
    },
    900_000,
  );
});
