import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { LakeSettings } from '../../src/db/lake.js';
import { generateWorkforce } from '../../src/index.js';

/**
 * The lake tests' machine: DuckDB's extensions in SCD_EXTENSION_DIR (scripts/extensions.sh puts
 * them there), and a PostgreSQL for catalogs in SCD_TEST_POSTGRES (scripts/postgres.sh). CI sets
 * SCD_REQUIRE_LAKE and SCD_REQUIRE_POSTGRES, so that a missing one fails there instead of skipping;
 * elsewhere the tests skip, saying why.
 */
export const EXTENSION_DIR = process.env.SCD_EXTENSION_DIR ?? '';
const POSTGRES = process.env.SCD_TEST_POSTGRES ?? '';

const hasExtensions =
  EXTENSION_DIR !== '' && existsSync(join(EXTENSION_DIR, 'v1.5.5/linux_amd64/ducklake.duckdb_extension'));
export const lakeRuns = hasExtensions || process.env.SCD_REQUIRE_LAKE !== undefined;
export const postgresRuns = (lakeRuns && POSTGRES !== '') || process.env.SCD_REQUIRE_POSTGRES !== undefined;
if (!lakeRuns) console.warn('lake tests skipped: set SCD_EXTENSION_DIR (scripts/extensions.sh prints one)');
else if (!postgresRuns) console.warn('PostgreSQL lake tests skipped: set SCD_TEST_POSTGRES (scripts/postgres.sh)');

export type CatalogKind = 'duckdb' | 'sqlite' | 'postgres';
/** The catalogs this machine runs: all three, or without PostgreSQL. */
export const CATALOGS: readonly CatalogKind[] = postgresRuns ? ['duckdb', 'sqlite', 'postgres'] : ['duckdb', 'sqlite'];

let databases = 0;

/** Runs `sql` on the test PostgreSQL's server, through DuckDB's postgres extension. */
async function onPostgres(sql: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:', { extension_directory: EXTENSION_DIR });
  try {
    const connection = await instance.connect();
    try {
      await connection.run('LOAD postgres_scanner');
      await connection.run(`ATTACH '${POSTGRES.replaceAll("'", "''")}' AS pg (TYPE postgres)`);
      // CREATE and DROP DATABASE cannot run in the transaction postgres_execute opens by default.
      await connection.run(`CALL postgres_execute('pg', '${sql.replaceAll("'", "''")}', use_transaction => false)`);
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

/**
 * A new, empty lake of `kind` under `dir` (its data in `dir/lake-data`), gone after `fn`: a DuckDB
 * or SQLite catalog file, or a PostgreSQL database of its own (dropped after).
 */
export async function withLake<T>(kind: CatalogKind, dir: string, fn: (lake: LakeSettings) => Promise<T>): Promise<T> {
  mkdirSync(dir, { recursive: true });
  const dataPath = join(dir, 'lake-data');
  const base = { dataPath, extensionDirectory: EXTENSION_DIR };
  if (kind === 'duckdb') return fn({ ...base, catalog: join(dir, 'catalog.ducklake') });
  if (kind === 'sqlite') return fn({ ...base, catalog: `sqlite:${join(dir, 'catalog.sqlite')}` });
  databases += 1;
  const database = `scd_lake_${process.pid}_${databases}_${Date.now()}`;
  await onPostgres(`CREATE DATABASE ${database}`);
  try {
    return await fn({ ...base, catalog: `postgres:${POSTGRES.replace(/dbname=\S+/, '')} dbname=${database}` });
  } finally {
    await onPostgres(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
}

/** A generated workforce from 2025 in `dir/sim.duckdb`, the source of a lake's history; its path. */
export async function generatedSource(dir: string, employees: number, years: number, seed = 5): Promise<string> {
  const db = join(dir, 'sim.duckdb');
  await generateWorkforce({ db, table: 'fct_workforce_snapshot', employees, startYear: 2025, years, seed });
  return db;
}
