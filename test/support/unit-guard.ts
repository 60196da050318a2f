import { DuckDBInstance } from '@duckdb/node-api';
import { vi } from 'vitest';

/**
 * The unit tier's setup: what makes a test slow is refused, so that a test needing it fails here
 * and moves to test/integration/ instead of slowing `npm run test:unit` down unnoticed. Loading
 * @duckdb/node-api is fine (the SQL module quotes with it); opening an instance is not.
 */
const refuse = (what: string) => () => {
  throw new Error(`a unit test starts no ${what}: put it in test/integration/`);
};

vi.spyOn(DuckDBInstance, 'create').mockImplementation(refuse('DuckDB instance'));
vi.spyOn(DuckDBInstance, 'fromCache').mockImplementation(refuse('DuckDB instance'));

vi.mock('piscina', () => {
  class Piscina {
    constructor() {
      refuse('worker pool')();
    }
  }
  return { Piscina, default: Piscina };
});

vi.mock('node:child_process', () => {
  const child = refuse('child process');
  return {
    spawn: child,
    spawnSync: child,
    exec: child,
    execSync: child,
    execFile: child,
    execFileSync: child,
    fork: child,
  };
});
