import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';

/**
 * A peer's own venv under bench/ (gitignored), installed from PyPI the first time `npm run bench`
 * needs it, with pinned versions so that runs compare like with like. Returns the venv's bin/.
 */
export function ensureVenv(name: string, packages: readonly string[], probe: string): string {
  const venv = join(PACKAGE_ROOT, 'bench', name);
  const bin = join(venv, 'bin');
  if (!existsSync(join(bin, probe))) {
    process.stderr.write(`installing ${packages.join(' ')} into bench/${name}\n`);
    execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
    execFileSync(join(bin, 'pip'), ['install', '-q', ...packages], { stdio: 'inherit' });
  }
  return bin;
}
