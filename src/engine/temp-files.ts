import { createHash } from 'node:crypto';
import { accessSync, constants, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { errorMessage, tempDirUnusable } from '../errors/index.js';
import { makeDirectories, removeCreatedDirectories } from '../files/dirs.js';
import { processAlive } from '../files/process.js';

/**
 * Temporary Parquet lives under one root per database. Only the coordinator that holds the
 * database read-write touches it, so whatever it finds there at start is a crashed run's leftovers.
 */
export function tempRootFor(db: string, tempDirectory?: string): string {
  const absolute = resolve(db);
  if (tempDirectory === undefined) return join(dirname(absolute), `${basename(absolute)}.scd-tmp`);
  return join(resolve(tempDirectory), rootName(absolute));
}

/** The temp root's own name under a `--temp-dir`: tagged with a hash of the database's path. */
function rootName(absoluteDb: string): string {
  return `scd-${basename(absoluteDb)}-${createHash('sha256').update(absoluteDb).digest('hex').slice(0, 12)}`;
}

/**
 * A run's lease, beside the database while the run holds it: the temp root it uses. A run killed
 * with `--temp-dir X` leaves its lease, so the next run finds X's leftovers even without the flag.
 */
const leaseFor = (db: string) => `${resolve(db)}.scd-run`;

/**
 * The temp root a killed run left files under, if one did. The lease is trusted only when it names
 * a root this database's runs would use (a copied project's lease names another database's).
 */
function leftoverRoot(db: string): string | undefined {
  let root: string;
  try {
    root = readFileSync(leaseFor(db), 'utf8');
  } catch {
    return undefined;
  }
  return root === tempRootFor(db) || basename(root) === rootName(resolve(db)) ? root : undefined;
}

export function takeLease(db: string, root: string): void {
  writeFileSync(leaseFor(db), root);
}

/** The end of a run: its lease goes, and its temp root too once nothing is left in it. */
export function releaseLease(db: string, root: string): void {
  try {
    rmdirSync(root);
  } catch {
    // Not empty, or already gone: either way nothing of this run is left in it.
  }
  rmSync(leaseFor(db), { force: true });
}

const RUN_PREFIX = 'run-';

/** Removes leftover run directories and spill files, and nothing else; returns how many there were. */
function removeStaleRuns(root: string, spill: string): number {
  let entries: string[];
  try {
    entries = readdirSync(root).filter((e) => e.startsWith(RUN_PREFIX) || e === spill);
  } catch {
    return 0;
  }
  for (const entry of entries) rmSync(join(root, entry), { recursive: true, force: true });
  return entries.length;
}

/**
 * Opening the database read-write makes this the only run: anything under the temp root `root`, or
 * under the root a killed run's lease names, is a leftover, removed here with that lease. (Not so
 * on an instance the caller lent: its process may run another history of the same file right now,
 * so a session on one does not call this.)
 */
export function removeLeftovers(db: string, root: string, spill: string, logger: Logger): void {
  for (const leftover of new Set([root, leftoverRoot(db) ?? root])) {
    const stale = removeStaleRuns(leftover, spill);
    if (stale > 0) logger.warn({ stale, tempRoot: leftover }, 'removed temporary files of an earlier run');
    releaseLease(db, leftover);
  }
}

/**
 * A lake's writers share a temp root (several may run beside one --db at once), so none holds it
 * all: only the run directories of processes gone from this machine are a killed run's leftovers.
 */
export function removeDeadRuns(root: string, logger: Logger): void {
  let entries: string[];
  try {
    entries = readdirSync(root);
  } catch {
    return;
  }
  const dead = entries.filter((e) => {
    const pid = new RegExp(`^${RUN_PREFIX}(\\d+)-\\d+$`).exec(e)?.[1];
    return pid !== undefined && !processAlive(Number(pid));
  });
  for (const entry of dead) rmSync(join(root, entry), { recursive: true, force: true });
  if (dead.length > 0) logger.warn({ stale: dead.length, tempRoot: root }, 'removed temporary files of an earlier run');
}

/**
 * A new directory for this run under `root`, with every directory it needed made on the way:
 * `created` lists them (the run directory last), to be removed again when the run ends.
 */
export function createRunDirectory(root: string): { dir: string; created: string[] } {
  const dir = join(root, `${RUN_PREFIX}${process.pid}-${Date.now()}`);
  let created: string[] = [];
  try {
    created = makeDirectories(dir);
    accessSync(dir, constants.W_OK);
  } catch (error) {
    removeCreatedDirectories(created);
    const { code, path } = error as NodeJS.ErrnoException;
    throw tempDirUnusable(path ?? dir, code ?? errorMessage(error));
  }
  return { dir, created };
}

/** The file of a one-chunk export, in PARTITION_BY (chunk)'s layout, its directory created. */
export function oneChunkFile(dir: string): string {
  const chunkDir = join(dir, 'chunk=0');
  makeDirectories(chunkDir);
  return join(chunkDir, 'data_0.parquet');
}

/** Parquet files of one export, by chunk: PARTITION_BY (chunk)'s layout, or oneChunkFile's. */
export function partitionFiles(dir: string): Map<number, string[]> {
  const byChunk = new Map<number, string[]>();
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return byChunk;
  }
  for (const entry of entries) {
    const match = /^chunk=(\d+)$/.exec(entry);
    if (match === null) continue;
    const files = readdirSync(join(dir, entry))
      .filter((f) => f.endsWith('.parquet'))
      .map((f) => join(dir, entry, f));
    byChunk.set(Number(match[1]), files);
  }
  return byChunk;
}
