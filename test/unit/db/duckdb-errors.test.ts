import { describe, expect, it } from 'vitest';
import {
  classifyDuckdbError,
  classifyResourceError,
  inputFailure,
  isInterrupt,
  isLakeConflict,
  translateDuckdbErrors,
} from '../../../src/db/duckdb-errors.js';
import { ExitCode, ScdError } from '../../../src/errors/index.js';

/** What a classification gives, in a form one assertion compares: its exit code and message, or none. */
const outcome = (error: ScdError | undefined) => (error === undefined ? undefined : [error.exitCode, error.message]);

const context = { memoryLimit: '1000 bytes', spillDirectory: '/tmp/spill' };

describe('DuckDB failures classified by their type, then their detail', () => {
  it('tells an interrupt by its type only', () => {
    expect(isInterrupt(new Error('INTERRUPT Error: Interrupted!'))).toBe(true);
    expect(isInterrupt(new Error('Binder Error: column INTERRUPT not found'))).toBe(false);
    expect(isInterrupt('INTERRUPT Error: as a string')).toBe(true);
  });

  it('names the limit for memory, and the spill directory when offloading failed', () => {
    expect(
      outcome(
        classifyResourceError(new Error('Out of Memory Error: could not allocate block of size 256 KiB'), context),
      ),
    ).toEqual([
      ExitCode.resources,
      'out of memory under the memory limit 1000 bytes; raise memoryLimitBytes ' +
        'or lower workers: could not allocate block of size 256 KiB',
    ]);
    expect(outcome(classifyResourceError(new Error('Out of Memory Error: could not allocate'), {}))).toEqual([
      ExitCode.resources,
      'out of memory: could not allocate',
    ]);
    expect(
      outcome(
        classifyResourceError(
          new Error('Out of Memory Error: failed to offload data block of size 256 KiB (9 GiB/9 GiB used)'),
          context,
        ),
      ),
    ).toEqual([
      ExitCode.resources,
      'no space left on device for spill files in /tmp/spill: failed ' +
        'to offload data block of size 256 KiB (9 GiB/9 GiB used)',
    ]);
    // Without a spill directory to name, offloading is reported as memory.
    expect(classifyResourceError(new Error('Out of Memory Error: failed to offload data block'))?.message).toBe(
      'out of memory: failed to offload data block',
    );
  });

  it('finds a full disk in an IO error, a failed commit and a failed checkpoint, also in an invalidated one', () => {
    const full = 'Could not write file "x.wal": No space left on device';
    expect(outcome(classifyResourceError(new Error(`IO Error: ${full}`)))).toEqual([
      ExitCode.resources,
      `no space left on device: ${full}`,
    ]);
    expect(classifyResourceError(new Error(`TransactionContext Error: Failed to commit: ${full}`))?.message).toBe(
      `no space left on device: ${full}`,
    );
    expect(
      classifyResourceError(new Error(`FATAL Error: Failed to create checkpoint because of error: ${full}`))?.message,
    ).toBe(`no space left on device: ${full}`);
    const invalidated =
      `FATAL Error: Failed: database has been invalidated because of a previous ` +
      `fatal error. The database must be restarted prior to being used ` +
      `again.\nOriginal error: "Failed to create checkpoint because of error: ${full}"`;
    expect(classifyResourceError(new Error(invalidated))?.message).toBe(`no space left on device: ${full}`);
    expect(classifyResourceError(new Error('IO Error: the disk is full'))?.message).toBe(
      'no space left on device: the disk is full',
    );
  });

  it('leaves other failures alone, whatever words they hold', () => {
    expect(classifyResourceError(new Error('Binder Error: table "No space left on device" not found'))).toBeUndefined();
    expect(classifyResourceError(new Error('TransactionContext Error: Catalog write-write conflict'))).toBeUndefined();
    expect(classifyResourceError(new Error('IO Error: Could not read file "a.parquet"'))).toBeUndefined();
    expect(classifyResourceError(new Error('no space left on device'))).toBeUndefined();
  });

  it('tells a lock from a block, and a corrupt file, against the database', () => {
    const locked = 'IO Error: Could not set lock on file "/d/sim.duckdb": Conflicting lock is held in node (PID 12)';
    expect(outcome(classifyDuckdbError(new Error(locked), 'sim.duckdb'))).toEqual([
      ExitCode.locked,
      'database sim.duckdb is in use by another process (a run may be in progress)',
    ]);
    expect(
      outcome(classifyDuckdbError(new Error('IO Error: Corrupt database file: checksum mismatch'), 'sim.duckdb')),
    ).toEqual([ExitCode.badInput, 'database sim.duckdb is corrupt: Corrupt database file: checksum mismatch']);
    expect(classifyDuckdbError(new Error('IO Error: Could not read block 12'), 'sim.duckdb')).toBeUndefined();
    expect(classifyDuckdbError(new Error('Out of Memory Error: no memory'), 'sim.duckdb', context)?.exitCode).toBe(
      ExitCode.resources,
    );
  });

  it("says DuckDB's first line for what the user gave, and nothing for what keeps its class", () => {
    expect(inputFailure(new Error('Parser Error: syntax error at or near "x"\nLINE 1: x'))).toBe(
      'syntax error at or near "x"',
    );
    expect(inputFailure(new Error('INTERRUPT Error: Interrupted!'))).toBeUndefined();
    expect(inputFailure(new Error('Out of Memory Error: no memory'))).toBeUndefined();
    expect(inputFailure(new Error('not from DuckDB'))).toBeUndefined();
    expect(inputFailure(new ScdError('INVALID_OPTION', 'Binder Error: already ours'))).toBeUndefined();
  });

  it("tells DuckLake's refused commit (another writer's conflicting one) from other failed commits", () => {
    const conflict = new Error(
      'TransactionContext Error: Failed to commit: Failed to commit DuckLake transaction.\n' +
        'Transaction conflict - attempting to create table "t" in schema "main" - but this table has been created',
    );
    expect(outcome(classifyDuckdbError(conflict, 'x.duckdb'))).toEqual([
      ExitCode.locked,
      'another writer committed to the lake what this transaction also wrote; it was rolled back: ' +
        'Transaction conflict - attempting to create table "t" in schema "main" - but this table has been created',
    ]);
    expect([isLakeConflict(conflict), isLakeConflict(classifyDuckdbError(conflict, 'x'))]).toEqual([true, true]);
    const other = new Error('TransactionContext Error: Failed to commit: PRIMARY KEY violated\nTransaction conflict?');
    expect([isLakeConflict(other), classifyDuckdbError(other, 'x')]).toEqual([false, undefined]);
  });

  it('translates what it classifies and passes the rest through unchanged', async () => {
    const other = new Error('Binder Error: nope');
    await expect(translateDuckdbErrors('sim.duckdb', {}, () => Promise.reject(other))).rejects.toBe(other);
    await expect(
      translateDuckdbErrors('sim.duckdb', {}, () =>
        Promise.reject(new Error('IO Error: Could not set lock on file "x"')),
      ),
    ).rejects.toMatchObject({
      exitCode: ExitCode.locked,
    });
    await expect(translateDuckdbErrors('sim.duckdb', {}, () => Promise.resolve(7))).resolves.toBe(7);
  });
});
