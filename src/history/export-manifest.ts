import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';

/**
 * An export's manifest marks its directory as the engine's and lists the files the export wrote:
 * a directory without it is a user's, and in one with it only the listed files are ever deleted.
 */
export const MANIFEST = '_scd_parallel_export.json';
export const ENGINE = 'scd-parallel';

export interface ExportManifest {
  readonly engine: typeof ENGINE;
  readonly engineVersion: string;
  readonly targetTable: string;
  readonly partitionBy: string;
  readonly currentOnly: boolean;
  readonly rows: number;
  readonly exportedAt: string;
  /** Relative to the directory, sorted. Absent in exports written before manifests listed them. */
  readonly files?: readonly string[];
}

/** The manifest of the export at `dir`, or undefined: not a directory, no manifest, not ours. */
export function readManifest(dir: string): ExportManifest | undefined {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Partial<ExportManifest>;
    return manifest.engine === ENGINE ? (manifest as ExportManifest) : undefined;
  } catch {
    return undefined;
  }
}

/** Every file under `dir`, relative to it and sorted: what an export in a fresh directory wrote. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((entry) => statSync(join(dir, entry)).isFile())
    .sort();
}

/**
 * Which files and directories under an export's directory its export wrote. An export written
 * before manifests listed their files held only its partitions' files, in DuckDB's own names.
 */
function ownership(manifest: ExportManifest): { file: (path: string) => boolean; dir: (path: string) => boolean } {
  if (manifest.files === undefined) {
    const partition = (path: string) => !path.includes(sep) && path.startsWith(`${manifest.partitionBy}=`);
    return {
      dir: partition,
      file: (path) => {
        const [dir, file, ...rest] = path.split(sep);
        return rest.length === 0 && partition(dir ?? '') && /^data_\d+\.parquet$/.test(file ?? '');
      },
    };
  }
  const files = new Set(manifest.files);
  const dirs = new Set<string>();
  for (const file of files) for (let dir = dirname(file); dir !== '.'; dir = dirname(dir)) dirs.add(dir);
  return { file: (path) => files.has(path), dir: (path) => dirs.has(path) };
}

export interface ExportTree {
  /** The files its export wrote (the manifest among them), relative. */
  readonly files: readonly string[];
  /** Its directories, relative, parents before children. */
  readonly dirs: readonly string[];
  /** The first entry, in name order, that its export did not write, relative. */
  readonly foreign: string | undefined;
}

/** The entries of the export at `dir`, by whether its export wrote them. A foreign directory is not entered. */
export function exportTree(dir: string, manifest: ExportManifest): ExportTree {
  const owned = ownership(manifest);
  const files: string[] = [];
  const dirs: string[] = [];
  let foreign: string | undefined;
  const walk = (relative: string) => {
    const entries = readdirSync(join(dir, relative), { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const path = relative === '' ? entry.name : join(relative, entry.name);
      if (entry.isDirectory() && owned.dir(path)) {
        dirs.push(path);
        walk(path);
      } else if (entry.isFile() && (path === MANIFEST || owned.file(path))) files.push(path);
      else foreign ??= path;
    }
  };
  walk('');
  return { files, dirs, foreign };
}
