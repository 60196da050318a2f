import { ScdError } from '../../src/errors/index.js';

/** The ScdError that `fn` throws; fails the test when it throws none. */
export function refused(fn: () => unknown): ScdError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ScdError) return error;
    throw error;
  }
  throw new Error('not refused');
}

/** The message of the ScdError that `fn` throws; fails the test when it throws none. */
export const refusal = (fn: () => unknown): string => refused(fn).message;
