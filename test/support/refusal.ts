import { ScdError } from '../../src/errors/index.js';

/** The message of the ScdError that `fn` throws; fails the test when it throws none. */
export function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof ScdError) return error.message;
    throw error;
  }
  throw new Error('not refused');
}
