import { ScdError, corruptDatabase, databaseLocked, diskFull, errorMessage, outOfMemory } from '../errors/index.js';

/**
 * DuckDB reports failures as `<Type> Error: <detail>` (the C API gives no other handle on the
 * type). Failures are classified by that type first, then by the detail within the type, never by
 * a word anywhere in the text: "block" is not "lock".
 */
function duckdbErrorType(message: string): string | undefined {
  return /^([A-Za-z][A-Za-z ]*?) Error: /.exec(message)?.[1];
}

const detail = (message: string) => message.replace(/^[A-Za-z][A-Za-z ]*? Error: /, '').split('\n')[0] ?? '';

/** Whether DuckDB stopped a statement because the connection was interrupted. */
export function isInterrupt(error: unknown): boolean {
  return duckdbErrorType(errorMessage(error)) === 'INTERRUPT';
}

/** The user-facing error for a DuckDB failure that ran out of memory or disk, if it did. */
export function classifyResourceError(error: unknown, memoryLimit?: string): ScdError | undefined {
  const message = errorMessage(error);
  const type = duckdbErrorType(message);
  const what = detail(message);
  if (type === 'Out of Memory') return outOfMemory(memoryLimit, what);
  // A full disk at COMMIT (the WAL) is reported as a failed commit wrapping the IO error.
  const io = type === 'IO' ? what : type === 'TransactionContext' && what.startsWith('Failed to commit: ') ? what.slice(18) : undefined;
  if (io !== undefined && /No space left on device|disk is full/i.test(io)) return diskFull(io);
  return undefined;
}

/**
 * DuckDB's own words (the first line, without the error's type) for a failure to read what the
 * user gave; undefined for what keeps its class: an interrupt, memory or disk, or no DuckDB error.
 */
export function inputFailure(error: unknown): string | undefined {
  const message = errorMessage(error);
  if (error instanceof ScdError || duckdbErrorType(message) === undefined || isInterrupt(error)) return undefined;
  return classifyResourceError(error) === undefined ? detail(message) : undefined;
}

/** The user-facing error for a DuckDB failure that says something about the database or the machine, if it does. */
export function classifyDuckdbError(error: unknown, db: string, memoryLimit?: string): ScdError | undefined {
  const message = errorMessage(error);
  if (duckdbErrorType(message) === 'IO') {
    const what = detail(message);
    if (what.startsWith('Could not set lock on file')) return databaseLocked(db, message);
    if (what.startsWith('Corrupt database file')) return corruptDatabase(db, what);
  }
  return classifyResourceError(error, memoryLimit);
}

/** Runs `fn`, turning a classifiable DuckDB failure into its user-facing error. */
export async function translateDuckdbErrors<T>(db: string, memoryLimit: string | undefined, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw classifyDuckdbError(error, db, memoryLimit) ?? error;
  }
}
