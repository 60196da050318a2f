/** Errors about the files and directories the engine writes: its outputs and its exports. */
import { ExitCode, ScdError } from './core.js';
import { signalExitCode } from './signals.js';

/** What a way out names instead: another file, or another directory. */
type Kind = 'file' | 'directory';

const badPath = (message: string, option: string, ...more: string[]) =>
  new ScdError(message, ExitCode.badInput, undefined, [option, ...more]);

// Output files (generate --parquet, as-of --out, report --html).
export const outputExists = (option: string, path: string) =>
  badPath(`${option} ${path} exists; it is left untouched (use replace, or name another file)`, option, 'replace');
export const outputIsDatabase = (option: string, path: string) =>
  badPath(`${option} ${path} is a DuckDB database; it is never overwritten (name another file)`, option);
export const outputIsDirectory = (option: string, path: string) =>
  badPath(`${option} ${path} is a directory; it is left untouched (name a file)`, option);
export const outputDirMissing = (option: string, path: string, dir: string) =>
  badPath(`${option} ${path}: directory ${dir} does not exist (create it, or name another file)`, option);
export const cannotWrite = (option: string, path: string, code: string, kind: Kind) =>
  badPath(`${option} ${path} cannot be written: ${code} (name another ${kind})`, option);

// Export directories.
export const exportHoldsOthers = (dir: string, entry: string) =>
  badPath(
    `out ${dir} holds ${entry}, which no export wrote; it is left untouched (move it away, or name another directory)`,
    'out',
  );
export const exportInside = (dir: string, outer: string) =>
  badPath(`out ${dir} is inside the export ${outer} (name a directory outside it)`, 'out');
export const exportContains = (dir: string, inner: string) =>
  badPath(`out ${dir} contains the export ${inner} (name a directory that holds no export)`, 'out');
export const exportLinkDangles = (dir: string, target: string) =>
  badPath(
    `out ${dir} is a symbolic link to ${target}, which does not exist (create it, or name another directory)`,
    'out',
  );

// Signals.
export const generateInterrupted = (signal: string) =>
  new ScdError(
    `interrupted by ${signal}: the generate was rolled back, nothing was written`,
    signalExitCode(signal),
  );
