import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';
import type { Peer } from './peer.js';

/** bench/dlt/load_year.py: one `merge` + `scd2` load per year. */
export const DLT: Peer = {
  name: 'dlt',
  // pyarrow (the parquet extra) lets a year's rows go in as one Arrow table, dlt's fast path;
  // duckdb pinned to the engine's version, so that every tool writes the same file format.
  venv: { dir: '.venv-dlt', packages: ['dlt[duckdb,parquet]==1.31.0', 'duckdb==1.5.6'], probe: 'dlt' },
  command: (bin, db, year) => ({
    command: [join(bin, 'python'), join(PACKAGE_ROOT, 'bench', 'dlt', 'load_year.py'), db, String(year), `${db}.dlt`],
    env: { RUNTIME__DLTHUB_TELEMETRY: 'false', RUNTIME__LOG_LEVEL: 'ERROR' },
  }),
  history: { schema: 'dlt_bench', table: 'scd_dlt', validFrom: '_dlt_valid_from', validTo: '_dlt_valid_to' },
  // dlt's local pipeline state, as fresh as the scratch database.
  leftovers: (db) => [`${db}.dlt`],
};
