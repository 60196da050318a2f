import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';
import type { Peer } from './peer.js';

const project = join(PACKAGE_ROOT, 'bench', 'dbt');

/** bench/dbt's check snapshot, the peer the seed proposed: one `dbt snapshot` per year. */
export const DBT: Peer = {
  name: 'dbt snapshot',
  // dbt-core 2.x downloads a parser binary at install time, which no registry-only machine can.
  venv: { dir: '.venv', packages: ['dbt-core==1.10.23', 'dbt-duckdb==1.10.1'], probe: 'dbt' },
  command: (bin, db, year) => ({
    command: [
      join(bin, 'dbt'),
      'snapshot',
      '--project-dir',
      project,
      '--profiles-dir',
      project,
      '--vars',
      JSON.stringify({ year }),
      '--quiet',
    ],
    env: { SCD_BENCH_DB: db, DBT_SEND_ANONYMOUS_USAGE_STATS: 'false' },
    cwd: project,
  }),
  leftovers: () => [join(project, 'target'), join(project, 'logs')],
};
