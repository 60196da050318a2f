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
    'materializes 2 scenarios x 3 years on the multiprocess executor (examples/dagster/test_pipeline.py)',
    () => {
      const pytest = spawnSync(PYTHON, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'test_pipeline.py'], {
        cwd: EXAMPLE,
        encoding: 'utf8',
      });
      expect(pytest.error).toBeUndefined();
      // pytest's own report is the useful message when it fails
      expect({
        status: pytest.status,
        output: pytest.status === 0 ? '' : `${pytest.stdout}\n${pytest.stderr}`,
      }).toEqual({ status: 0, output: '' });
    },
    900_000,
  );
});
