import { mkdirSync, rmdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A second and third look cover the races worth retrying: another process made a directory
 * between our look and our mkdir (EEXIST), or removed an empty parent we had seen, as a run
 * ending does with the directories it made (ENOENT). Node's own `mkdirSync(p, { recursive: true })`
 * retries ENOENT without end, so under /proc, where mkdir says ENOENT for ever, it spins.
 */
const ATTEMPTS = 3;

const codeOf = (error: unknown) => (error as NodeJS.ErrnoException).code;

/** `path` and its missing ancestors, outermost first: up to the first that exists (whatever it is). */
function missingFrom(path: string): string[] {
  const missing: string[] = [];
  for (let dir = path; ; dir = dirname(dir)) {
    try {
      statSync(dir);
      return missing.reverse();
    } catch {
      if (dirname(dir) === dir) return missing.reverse();
      missing.push(dir);
    }
  }
}

/**
 * Creates the directory `path` and any missing ancestors, one mkdir each, with a bounded number of
 * attempts; returns the directories it created, outermost first, for removeCreatedDirectories.
 * Fails with the file system's error (its `code` and `path` say which directory and why), leaving
 * nothing it created.
 */
export function makeDirectories(path: string): string[] {
  const created: string[] = [];
  for (let attempt = 1; ; attempt++) {
    try {
      for (const dir of missingFrom(path)) {
        mkdirSync(dir);
        created.push(dir);
      }
      if (!statSync(path).isDirectory()) {
        throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${path}'`), { code: 'ENOTDIR', path });
      }
      return created;
    } catch (error) {
      if (attempt < ATTEMPTS && ['EEXIST', 'ENOENT'].includes(codeOf(error) ?? '')) continue;
      removeCreatedDirectories(created);
      throw error;
    }
  }
}

/**
 * Removes directories makeDirectories created, innermost first, while they are empty: one that
 * holds anything (someone else's files) stays, and so do its ancestors.
 */
export function removeCreatedDirectories(created: readonly string[]): void {
  for (const dir of [...created].reverse()) {
    try {
      rmdirSync(dir);
    } catch (error) {
      if (codeOf(error) !== 'ENOENT') return;
    }
  }
}
