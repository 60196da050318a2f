import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths.js';

function newest(dir: string, suffix: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(path, suffix));
    else if (entry.name.endsWith(suffix)) latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

/** When src/ was last compiled: the oldest output is what matters, so take the newest .js only if the worker exists. */
function compiledAt(): number {
  try {
    statSync(join(ROOT, 'dist', 'src', 'workers', 'chunk-worker.js'));
    return newest(join(ROOT, 'dist', 'src'), '.js');
  } catch {
    return 0;
  }
}

/**
 * Worker threads run the compiled worker in dist/, also when vitest runs the coordinator from
 * source. A dist older than src would test stale worker code, so compile first when it is.
 */
export default function setup(): void {
  if (compiledAt() >= newest(join(ROOT, 'src'), '.ts')) return;
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')],
    { stdio: 'inherit' },
  );
}
