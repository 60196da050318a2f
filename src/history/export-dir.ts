import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { exportDirNotOurs } from '../errors/index.js';
import { ENGINE_VERSION } from '../paths.js';

/**
 * An export directory is replaced only by renames, so a reader (or a failed export) sees the old
 * one or the new one, never a mix. Its manifest marks it as the engine's: a directory without it
 * is a user's, and is never replaced or deleted.
 */
export const MANIFEST = '_scd_parallel_export.json';
const ENGINE = 'scd-parallel';

export interface ExportManifest {
  readonly engine: typeof ENGINE;
  readonly engineVersion: string;
  readonly targetTable: string;
  readonly partitionBy: string;
  readonly currentOnly: boolean;
  readonly rows: number;
  readonly exportedAt: string;
}

/** `dir` must not exist, or be an earlier export of the engine's. */
export function checkExportDir(dir: string): void {
  if (!existsSync(dir)) return;
  try {
    const manifest = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Partial<ExportManifest>;
    if (manifest.engine === ENGINE) return;
  } catch {
    // Not a directory, no manifest, or not JSON: not ours.
  }
  throw exportDirNotOurs(dir);
}

/** Work directories sit beside `dir` (same filesystem, so renames are atomic), named after it and the process. */
const workPrefix = (dir: string) => `.${basename(dir)}.scd-export-`;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Cleans up after exports of `dir` killed mid-way (their process is gone): a previous export one
 * renamed away and never replaced goes back into place; anything else it left is removed.
 */
function removeLeftovers(dir: string): void {
  const prefix = workPrefix(dir);
  for (const entry of readdirSync(dirname(dir))) {
    const [role, pid] = entry.startsWith(prefix) ? entry.slice(prefix.length).split('-') : [];
    if (pid === undefined || Number(pid) === process.pid || alive(Number(pid))) continue;
    const path = join(dirname(dir), entry);
    if (role === 'old' && !existsSync(dir)) renameSync(path, dir);
    else rmSync(path, { recursive: true, force: true });
  }
}

/** A new work directory beside `dir`, of this process: `role` is `new` (being written) or `old` (being replaced). */
function workDir(dir: string, role: 'new' | 'old'): string {
  return join(dirname(dir), `${workPrefix(dir)}${role}-${process.pid}-${Date.now()}`);
}

/** Files and bytes under `dir`, counting Parquet files only. */
export function parquetFiles(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (!entry.endsWith('.parquet')) continue;
    files += 1;
    bytes += statSync(join(dir, entry)).size;
  }
  return { files, bytes };
}

/**
 * Writes a new export with `write` into a work directory beside `dir`, adds its manifest, and
 * renames it into place: an existing export is renamed away first and deleted last. A failure
 * before the rename removes the work directory and leaves `dir` as it was.
 */
export async function replaceExportDir<T extends { rows: number }>(
  dir: string,
  write: (workDir: string) => Promise<T>,
  manifest: Omit<ExportManifest, 'engine' | 'engineVersion' | 'rows' | 'exportedAt'>,
): Promise<T> {
  mkdirSync(dirname(dir), { recursive: true });
  removeLeftovers(dir);
  const fresh = workDir(dir, 'new');
  mkdirSync(fresh);
  let result: T;
  try {
    result = await write(fresh);
    const full: ExportManifest = { engine: ENGINE, engineVersion: ENGINE_VERSION, ...manifest, rows: result.rows, exportedAt: new Date().toISOString() };
    writeFileSync(join(fresh, MANIFEST), `${JSON.stringify(full, null, 2)}\n`);
    if (!existsSync(dir)) {
      renameSync(fresh, dir);
      return result;
    }
  } catch (error) {
    rmSync(fresh, { recursive: true, force: true });
    throw error;
  }
  const old = workDir(dir, 'old');
  renameSync(dir, old);
  try {
    renameSync(fresh, dir);
  } catch (error) {
    renameSync(old, dir);
    rmSync(fresh, { recursive: true, force: true });
    throw error;
  }
  rmSync(old, { recursive: true, force: true });
  return result;
}
