/** Errors about the files and directories the engine writes: its outputs and its exports. */

import type { ErrorCode } from './codes.js';
import { type Message, option, ScdError, say } from './core.js';
import { signalExitCode } from './signals.js';

/** What a way out names instead: another file, or another directory. */
type Kind = 'file' | 'directory';

/** An error about the path given to the option `name`, which the message begins with. */
const badPath = (code: ErrorCode, name: string, path: string, message: string | Message) =>
  new ScdError(code, say`${option(name)} ${path} ${message}`);

// Output files (generate's parquetPath, as-of's out, report's html).
export const outputExists = (name: string, path: string) =>
  badPath(
    'OUTPUT_EXISTS',
    name,
    path,
    say`exists; it is left untouched (use ${option('replace')}, or name another file)`,
  );
export const outputIsDatabase = (name: string, path: string) =>
  badPath('OUTPUT_PROTECTED', name, path, 'is a DuckDB database; it is never overwritten (name another file)');
export const outputIsDirectory = (name: string, path: string) =>
  badPath('OUTPUT_PROTECTED', name, path, 'is a directory; it is left untouched (name a file)');
export const outputDirMissing = (name: string, path: string, dir: string) =>
  new ScdError(
    'DIRECTORY_MISSING',
    say`${option(name)} ${path}: directory ${dir} does not exist (create it, or name another file)`,
  );
export const cannotWrite = (name: string, path: string, code: string, kind: Kind) =>
  badPath('NOT_WRITABLE', name, path, `cannot be written: ${code} (name another ${kind})`);

// Export directories.
export const exportHoldsOthers = (dir: string, entry: string) =>
  badPath(
    'NOT_ENGINE_EXPORT',
    'out',
    dir,
    `holds ${entry}, which no export wrote; it is left untouched (move it away, or name another directory)`,
  );
export const exportInside = (dir: string, outer: string) =>
  badPath('EXPORT_NESTED', 'out', dir, `is inside the export ${outer} (name a directory outside it)`);
export const exportContains = (dir: string, inner: string) =>
  badPath('EXPORT_NESTED', 'out', dir, `contains the export ${inner} (name a directory that holds no export)`);
export const exportLinkDangles = (dir: string, target: string) =>
  badPath(
    'DIRECTORY_MISSING',
    'out',
    dir,
    `is a symbolic link to ${target}, which does not exist (create it, or name another directory)`,
  );

// Signals.
export const generateInterrupted = (signal: string) =>
  new ScdError(
    'INTERRUPTED',
    `interrupted by ${signal}: the generate was rolled back, nothing was written`,
    undefined,
    signalExitCode(signal),
  );
