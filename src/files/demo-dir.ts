import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processAlive } from './process.js';

const PREFIX = 'scd-demo-';
/** A demo directory's own file: the process that made it, so that a later demo can tell a killed demo's. */
const OWNER = 'scd-demo.pid';
/** Every other file a demo makes is named after its database: the WAL, the lease, the temp root. */
const DATABASE = 'sim.duckdb';

/** A new demo directory in the system's temporary directory, with its owner written first of all. */
export function makeDemoDir(): { dir: string; db: string } {
  const dir = mkdtempSync(join(tmpdir(), PREFIX));
  writeFileSync(join(dir, OWNER), `${process.pid}\n`);
  return { dir, db: join(dir, DATABASE) };
}

/**
 * The process that made the demo directory `path`, if it is one beyond doubt: a directory (not a
 * link) of this user's, holding the owner file and nothing not named after the demo's database.
 */
function ownerOf(path: string): number | undefined {
  try {
    const stats = lstatSync(path);
    if (!stats.isDirectory() || stats.uid !== process.getuid?.()) return undefined;
    const entries = readdirSync(path);
    if (!entries.includes(OWNER) || !entries.every((e) => e === OWNER || e.startsWith(DATABASE))) return undefined;
    if (!lstatSync(join(path, OWNER)).isFile()) return undefined;
    const pid = Number(readFileSync(join(path, OWNER), 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Removes what demos that were killed left in the temporary directory (a demo that ends removes
 * its own): only demo directories whose owner is gone. Returns the directories removed.
 */
export function removeKilledDemos(): string[] {
  const removed: string[] = [];
  for (const entry of readdirSync(tmpdir())) {
    const path = join(tmpdir(), entry);
    const owner = entry.startsWith(PREFIX) ? ownerOf(path) : undefined;
    if (owner === undefined || owner === process.pid || processAlive(owner)) continue;
    rmSync(path, { recursive: true, force: true });
    removed.push(path);
  }
  return removed;
}
