import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package root not found');
    dir = parent;
  }
  return dir;
}

/** The same code runs from src/ (vitest) and from dist/src/ (the CLI), so paths start at the package root. */
export const PACKAGE_ROOT = findPackageRoot();
export const SQL_DIR = join(PACKAGE_ROOT, 'sql');
/**
 * Worker threads cannot load TypeScript, so the pool always runs the compiled worker, also when
 * the coordinator itself runs from source under vitest (`npm test` compiles first).
 */
export const CHUNK_WORKER_FILE = join(PACKAGE_ROOT, 'dist', 'src', 'workers', 'chunk-worker.js');

/** Recorded with every history's settings. */
export const ENGINE_VERSION: string = (
  JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;
