import { existsSync, lstatSync, readdirSync, readlinkSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import {
  exportContains,
  exportDirNotOurs,
  exportHoldsOthers,
  exportInside,
  exportLinkDangles,
} from '../errors/index.js';
import { exportTree, readManifest } from './export-manifest.js';

/** Where an export goes: the directory as the user named it (for messages), and the one written. */
export interface ExportTarget {
  readonly named: string;
  /** Absolute, symlinks resolved: an `--out` that is a link is written through, and stays a link. */
  readonly dir: string;
}

/** `path` with the symlinks of its existing part resolved; the part that does not exist yet as given. */
function realPath(path: string): string {
  const missing: string[] = [];
  for (let existing = path; ; existing = dirname(existing)) {
    try {
      return join(realpathSync(existing), ...missing);
    } catch {
      if (dirname(existing) === existing) return path;
      missing.unshift(basename(existing));
    }
  }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** How many directories at or below a foreign directory are looked into for an export, at most. */
const SEARCH_DIRECTORIES = 10_000;

/** An export of the engine's at or below `dir` (breadth first, bounded), if there is one. */
function exportAtOrBelow(dir: string): string | undefined {
  const pending = [dir];
  for (let seen = 0; pending.length > 0 && seen < SEARCH_DIRECTORIES; seen++) {
    const path = pending.shift() as string;
    if (readManifest(path) !== undefined) return path;
    try {
      for (const entry of readdirSync(path, { withFileTypes: true })) {
        if (entry.isDirectory()) pending.push(join(path, entry.name));
      }
    } catch {
      // Unreadable: nothing found there.
    }
  }
  return undefined;
}

/**
 * An existing export directory may be replaced only if it holds nothing but what its export
 * wrote: anything else is the user's, named in the refusal (an export inside it by its path).
 */
export function checkExportContents({ named, dir }: ExportTarget): void {
  const manifest = readManifest(dir);
  if (manifest === undefined) throw exportDirNotOurs(named);
  const { foreign } = exportTree(dir, manifest);
  if (foreign === undefined) return;
  const inner = exportAtOrBelow(join(dir, foreign));
  throw inner === undefined ? exportHoldsOthers(named, foreign) : exportContains(named, inner);
}

/**
 * `--out` must be absent or an earlier export holding only its own files, and neither inside nor
 * containing another export (a glob over the outer one would read the history twice). A symlink
 * is written through: the user keeps the link, which then points at the new export; a dangling
 * one is refused rather than a directory made wherever it points.
 */
export function resolveExportDir(out: string): ExportTarget {
  const named = resolve(out);
  if (isLink(named) && !existsSync(named)) throw exportLinkDangles(named, resolve(dirname(named), readlinkSync(named)));
  const target = { named, dir: realPath(named) };
  for (let parent = dirname(target.dir); ; parent = dirname(parent)) {
    if (readManifest(parent) !== undefined) throw exportInside(named, parent);
    if (dirname(parent) === parent) break;
  }
  if (existsSync(target.dir)) checkExportContents(target);
  return target;
}
