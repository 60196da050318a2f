import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { cannotWrite, errorMessage } from '../errors/index.js';
import { makeDirectories, removeCreatedDirectories } from '../files/dirs.js';
import { processAlive } from '../files/process.js';
import { ENGINE_VERSION } from '../paths.js';
import { checkExportContents, type ExportTarget } from './export-check.js';
import { ENGINE, type ExportManifest, exportTree, filesUnder, MANIFEST, readManifest } from './export-manifest.js';

/**
 * An export directory is replaced only by renames, so a reader (or a failed export) sees the old
 * one or the new one, never a mix; of the old one, only the files its manifest lists are deleted.
 */

/** Work directories sit beside `dir` (same filesystem, so renames are atomic), named after it and the process. */
const workPrefix = (dir: string) => `.${basename(dir)}.scd-export-`;

/**
 * Deletes the files the export at `dir` wrote, then its directories that are left empty: a file
 * of the user's that got in meanwhile stays, with the directories on its way. The manifest goes
 * last, so that a removal killed half-way is finished by the next export's, by the same list.
 */
function removeExport(dir: string): void {
  const manifest = readManifest(dir);
  if (manifest === undefined) return;
  const { files, dirs } = exportTree(dir, manifest);
  for (const file of [...files.filter((f) => f !== MANIFEST), MANIFEST]) rmSync(join(dir, file), { force: true });
  for (const path of [...dirs.map((d) => join(dir, d)).reverse(), dir]) {
    try {
      rmdirSync(path);
    } catch {
      // Not empty: it holds what no export wrote.
    }
  }
}

/**
 * Cleans up after exports of `dir` killed mid-way (their process is gone): a previous export one
 * renamed away and never replaced goes back into place; a previous export that was replaced is
 * removed as an export is, and a new one never renamed into place (all of it written by that
 * export, in its own work directory) is removed whole.
 */
function removeLeftovers(dir: string): void {
  const prefix = workPrefix(dir);
  for (const entry of readdirSync(dirname(dir))) {
    const [role, pid] = entry.startsWith(prefix) ? entry.slice(prefix.length).split('-') : [];
    if (pid === undefined || Number(pid) === process.pid || processAlive(Number(pid))) continue;
    const path = join(dirname(dir), entry);
    if (role === 'old' && !existsSync(dir)) renameSync(path, dir);
    else if (role === 'old') removeExport(path);
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
 * A work directory beside the target, with the target's missing parents made; a place the engine
 * cannot write is bad input naming `--out`, and leaves nothing made.
 */
function prepare(target: ExportTarget): { fresh: string; made: string[] } {
  let made: string[] = [];
  try {
    made = makeDirectories(dirname(target.dir));
    removeLeftovers(target.dir);
    const fresh = workDir(target.dir, 'new');
    mkdirSync(fresh);
    return { fresh, made };
  } catch (error) {
    removeCreatedDirectories(made);
    const code = (error as NodeJS.ErrnoException).code ?? errorMessage(error);
    throw cannotWrite('out', target.named, code, 'directory');
  }
}

/**
 * Writes a new export with `write` into a work directory beside the target, adds its manifest
 * (listing what `write` wrote), and renames it into place: an existing export, checked again just
 * before, is renamed away first and removed last. A failure before the rename removes the work
 * directory and the parents made for it, and leaves the target as it was.
 */
export async function replaceExportDir<T extends { rows: number }>(
  target: ExportTarget,
  write: (workDir: string) => Promise<T>,
  manifest: Omit<ExportManifest, 'engine' | 'engineVersion' | 'rows' | 'exportedAt' | 'files'>,
): Promise<T> {
  const { dir } = target;
  const { fresh, made } = prepare(target);
  let result: T;
  try {
    result = await write(fresh);
    const full: ExportManifest = {
      engine: ENGINE,
      engineVersion: ENGINE_VERSION,
      ...manifest,
      rows: result.rows,
      exportedAt: new Date().toISOString(),
      files: filesUnder(fresh),
    };
    writeFileSync(join(fresh, MANIFEST), `${JSON.stringify(full, null, 2)}\n`);
    if (!existsSync(dir)) {
      renameSync(fresh, dir);
      return result;
    }
    checkExportContents(target);
  } catch (error) {
    rmSync(fresh, { recursive: true, force: true });
    removeCreatedDirectories(made);
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
  removeExport(old);
  return result;
}
