import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  openSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  type Stats,
  statSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { isDuckdbFile } from '../db/database.js';
import {
  cannotWrite,
  errorMessage,
  outputDirMissing,
  outputExists,
  outputIsDatabase,
  outputIsDirectory,
} from '../errors/index.js';
import { processAlive } from './process.js';

const codeOf = (error: unknown) => (error as NodeJS.ErrnoException).code ?? errorMessage(error);

/**
 * Where an output file may go, decided before any work: never over a directory or a DuckDB
 * database (a history lost to a mistyped path cannot be got back), over another existing file
 * only when `replace` says so, and only into a directory that exists. Returns the absolute path.
 */
export function checkOutputFile(option: string, path: string, replace: boolean): string {
  const absolute = resolve(path);
  let stats: Stats;
  try {
    stats = statSync(absolute);
  } catch (error) {
    if (codeOf(error) !== 'ENOENT') throw cannotWrite(option, absolute, codeOf(error), 'file');
    const dir = dirname(absolute);
    if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw outputDirMissing(option, absolute, dir);
    try {
      accessSync(dir, constants.W_OK);
    } catch (error) {
      throw cannotWrite(option, absolute, codeOf(error), 'file');
    }
    return absolute;
  }
  if (stats.isDirectory()) throw outputIsDirectory(option, absolute);
  let database: boolean;
  try {
    database = isDuckdbFile(absolute);
  } catch (error) {
    throw cannotWrite(option, absolute, codeOf(error), 'file');
  }
  if (database) throw outputIsDatabase(option, absolute);
  if (!replace) throw outputExists(option, absolute);
  return absolute;
}

const PARTIAL = '.scd-partial-';

/**
 * A failure of the write, told against the file the user named: DuckDB's message names the partial
 * file, or the `tmp_` copy it writes over an existing file, which the user never asked for.
 */
function namingOutput(error: unknown, partial: string, file: string): unknown {
  if (!(error instanceof Error)) return error;
  const duckdbCopy = join(dirname(partial), `tmp_${basename(partial)}`);
  const message = error.message.replaceAll(duckdbCopy, file).replaceAll(partial, file);
  return message === error.message ? error : new Error(message);
}

/** Partial files of earlier writes to `file` whose process is gone (it was killed mid-write). */
function removeStalePartials(file: string): void {
  const prefix = `${basename(file)}${PARTIAL}`;
  for (const entry of readdirSync(dirname(file))) {
    const pid = entry.startsWith(prefix) ? entry.slice(prefix.length) : '';
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid || processAlive(Number(pid))) continue;
    rmSync(join(dirname(file), entry), { force: true });
  }
}

/**
 * Writes `file` (as checkOutputFile returned it) through a partial file beside it, renamed over it
 * once complete: a reader never sees half a file, and a failure leaves none. A symlink is written
 * through, so that the link the user named points at the new file. The partial file is created
 * first, so a directory that refuses it is bad input named by `option`, not a DuckDB error; and
 * `file` is checked again before the rename, for what appeared there while `write` ran.
 */
export async function writeOutputFile(
  option: string,
  file: string,
  replace: boolean,
  write: (partial: string) => Promise<void>,
): Promise<void> {
  const target = existsSync(file) ? realpathSync(file) : file;
  const partial = `${target}${PARTIAL}${process.pid}`;
  try {
    removeStalePartials(target);
    closeSync(openSync(partial, 'w'));
  } catch (error) {
    throw cannotWrite(option, file, codeOf(error), 'file');
  }
  try {
    await write(partial).catch((error: unknown) => {
      throw namingOutput(error, partial, file);
    });
    checkOutputFile(option, file, replace);
    renameSync(partial, target);
  } finally {
    rmSync(partial, { force: true });
  }
}
