import type { LakeSettings } from '../src/db/lake.js';
import type { BenchLake, BenchSpec } from './spec.js';

/**
 * Where DuckDB finds ducklake and the scanners its catalogs need (scripts/extensions.sh fetches them; CI sets it).
 * Without it the lake's configurations are left out: DuckDB's own INSTALL may not reach extensions.duckdb.org.
 */
export const lakeExtensionDirectory = (): string | undefined => process.env.SCD_EXTENSION_DIR || undefined;

const catalogs: Record<BenchLake, { readonly name: string; readonly catalog: (db: string) => string }> = {
  duckdb: { name: 'DuckDB catalog', catalog: (db) => `${db}.ducklake` },
  sqlite: { name: 'SQLite catalog', catalog: (db) => `sqlite:${db}.lake.sqlite` },
};

/** Why the engine in a lake cannot be measured here, when it cannot. */
export const lakeLeftOut = (): string | undefined =>
  lakeExtensionDirectory() === undefined
    ? 'the engine in a lake was left out: SCD_EXTENSION_DIR is not set (scripts/extensions.sh fetches the extensions)'
    : undefined;

const LAKE_CHUNKS = 16;

/**
 * The engine in a lake of either catalog, at 16 chunks and `workers`, beside the file engine of the same chunks and
 * workers (bench/lake-report.ts compares them); `engine` makes its spec as the file engine's is made.
 */
export function lakeConfigs(workers: number, engine: (chunks: number, lake: BenchLake) => (db: string) => BenchSpec) {
  return (Object.keys(catalogs) as BenchLake[]).map((lake) => ({
    id: `engine in a lake (${catalogs[lake].name})`,
    family: 'engine in a lake' as const,
    chunks: LAKE_CHUNKS,
    workers,
    spec: engine(LAKE_CHUNKS, lake),
  }));
}

/** A new lake beside the scratch database `db`, its data on the same disk; `db` stays the source. */
export function lakeBeside(db: string, lake: BenchLake): LakeSettings {
  return {
    catalog: catalogs[lake].catalog(db),
    dataPath: `${db}.lake-data`,
    extensionDirectory: lakeExtensionDirectory(),
  };
}

/** Every file and directory a lake beside `db` may leave: either catalog with its WAL or journals, the data. */
export function lakeFiles(db: string): string[] {
  const sqlite = `${db}.lake.sqlite`;
  return [
    `${db}.ducklake`,
    `${db}.ducklake.wal`,
    sqlite,
    `${sqlite}-wal`,
    `${sqlite}-shm`,
    `${sqlite}-journal`,
    `${db}.lake-data`,
  ];
}
