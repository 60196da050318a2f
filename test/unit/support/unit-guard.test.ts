import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';

describe('the unit tier', () => {
  it('refuses DuckDB instances, worker pools and child processes', async () => {
    expect(() => DuckDBInstance.create(':memory:')).toThrow(
      'a unit test starts no DuckDB instance: put it in test/integration/',
    );
    expect(() => DuckDBInstance.fromCache(':memory:')).toThrow('a unit test starts no DuckDB instance');
    const { Piscina } = await import('piscina');
    expect(() => new Piscina({ filename: 'x.js' })).toThrow('a unit test starts no worker pool');
    const { spawn, execFileSync } = await import('node:child_process');
    expect(() => spawn('true')).toThrow('a unit test starts no child process');
    expect(() => execFileSync('true')).toThrow('a unit test starts no child process');
  });
});
