import { join } from 'node:path';

/** The package root, whichever folder of test/ a file runs from. */
export const ROOT = join(import.meta.dirname, '..', '..');
/** The CLI as a user runs it: it loads the compiled code in dist/. */
export const BIN = join(ROOT, 'bin', 'scd-parallel.js');
