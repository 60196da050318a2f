import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';
import type { Peer } from './peer.js';

const project = join(PACKAGE_ROOT, 'bench', 'sqlmesh');

/**
 * bench/sqlmesh's SCD_TYPE_2_BY_COLUMN model: the first year plans (creating the model and filling
 * its first yearly interval), each later year runs the next interval, as a scheduler would.
 */
export const SQLMESH: Peer = {
  name: 'sqlmesh',
  venv: { dir: '.venv-sqlmesh', packages: ['sqlmesh==0.236.4'], probe: 'sqlmesh' },
  command: (bin, db, year, index, years) => ({
    command: [join(bin, 'python'), join(project, 'run_year.py'), String(year), ...(index === 0 ? ['--first'] : [])],
    env: { SCD_BENCH_DB: db, SCD_BENCH_START: `${years[0]}-01-01`, SQLMESH__DISABLE_ANONYMIZED_ANALYTICS: '1' },
    cwd: project,
  }),
  history: { schema: 'bench', table: 'scd_sqlmesh', validFrom: 'valid_from', validTo: 'valid_to' },
  leftovers: () => [join(project, '.cache'), join(project, 'logs')],
};
