import {
  corruptDatabase,
  databaseLocked,
  diskFull,
  errorMessage,
  lakeConflict,
  outOfMemory,
  ScdError,
  spillFull,
} from '../errors/index.js';

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

/** What a resource failure is reported against: the limit in force, and where DuckDB spills. */
export interface ResourceContext {
  readonly memoryLimit?: string;
  readonly spillDirectory?: string;
}

const INVALIDATED = 'Failed: database has been invalidated because of a previous fatal error.';
const ORIGINAL = '\nOriginal error: "';
const after = (text: string, prefix: string) => (text.startsWith(prefix) ? text.slice(prefix.length) : undefined);

/**
 * The IO failure a DuckDB failure wraps, if it wraps one: a full disk at COMMIT (the WAL) is a
 * failed commit; at a checkpoint (the database file) it is FATAL, and DuckDB then invalidates the
 * instance: every later statement fails naming the original error, whose text has no type.
 */
function ioCause(message: string): string | undefined {
  const type = duckdbErrorType(message);
  const what = detail(message);
  if (type === 'IO') return what;
  if (type === 'TransactionContext') return after(what, 'Failed to commit: ');
  if (type !== 'FATAL') return undefined;
  const original = message.indexOf(ORIGINAL);
  if (what.startsWith(INVALIDATED) && original >= 0) {
    const cause = message.slice(original + ORIGINAL.length).replace(/"$/, '');
    return ioCause(`FATAL Error: ${cause}`) ?? cause;
  }
  return after(what, 'Failed to create checkpoint because of error: ');
}

/** The user-facing error for a DuckDB failure that ran out of memory or disk, if it did. */
export function classifyResourceError(error: unknown, context: ResourceContext = {}): ScdError | undefined {
  const message = errorMessage(error);
  const what = detail(message);
  if (duckdbErrorType(message) === 'Out of Memory') {
    // Spilling stops where the temp directory's disk is (DuckDB caps it at 90% of the free space).
    const spill = context.spillDirectory;
    if (what.startsWith('failed to offload data block') && spill !== undefined) return spillFull(spill, what);
    return outOfMemory(context.memoryLimit, what);
  }
  const io = ioCause(message);
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

/**
 * DuckLake refuses a commit that another transaction's, committed since this one began, conflicts
 * with (both created a table, or one deleted from a table the other wrote): a failed COMMIT, with
 * the conflict on a line of its own.
 */
function lakeConflictOf(message: string): string | undefined {
  if (duckdbErrorType(message) !== 'TransactionContext') return undefined;
  return message.split('\n').find((line) => line.startsWith('Transaction conflict - '));
}

/** Whether `error` is a commit DuckLake refused for another writer's (the run may be tried again). */
export const isLakeConflict = (error: unknown): boolean =>
  error instanceof ScdError ? error.code === 'LAKE_CONFLICT' : lakeConflictOf(errorMessage(error)) !== undefined;

/** The user-facing error for a DuckDB failure that says something about the database or the machine, if it does. */
export function classifyDuckdbError(error: unknown, db: string, context: ResourceContext = {}): ScdError | undefined {
  const message = errorMessage(error);
  const conflict = lakeConflictOf(message);
  if (conflict !== undefined) return lakeConflict(conflict);
  if (duckdbErrorType(message) === 'IO') {
    const what = detail(message);
    if (what.startsWith('Could not set lock on file')) return databaseLocked(db, message);
    if (what.startsWith('Corrupt database file')) return corruptDatabase(db, what);
  }
  return classifyResourceError(error, context);
}

/** Runs `fn`, turning a classifiable DuckDB failure into its user-facing error. */
export async function translateDuckdbErrors<T>(db: string, context: ResourceContext, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw classifyDuckdbError(error, db, context) ?? error;
  }
}
