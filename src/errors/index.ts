/**
 * Every user-facing error, each a small function returning the error with its code (codes.ts), like
 * piscina's src/errors.ts; split by subject only to keep files small.
 */

export * from './adopt.js';
export { ERROR_CATALOG, type ErrorCode, exitCodesOf } from './codes.js';
export { bounded, ExitCode, errorMessage, internalError, ScdError } from './core.js';
export * from './files.js';
export * from './history.js';
export * from './input.js';
export * from './lake.js';
export * from './ownership.js';
export * from './signals.js';
export * from './source.js';
export * from './verify.js';
