import { describe, expect, it } from 'vitest';
import * as catalog from '../../../src/errors/index.js';
import { ERROR_CATALOG, type ErrorCode, ExitCode, exitCodesOf, ScdError } from '../../../src/errors/index.js';

/** The exports of src/errors that are functions but build no error. */
const HELPERS = ['bounded', 'errorMessage', 'exitCodesOf', 'signalExitCode'];

/**
 * An argument every builder takes: a one-element list that reads as `x` in a message, with a
 * name and a type where a builder takes a column.
 */
const anything = () => Object.assign(['x'], { name: 'x', type: 'INTEGER' });

/** Every builder of the catalog, each called with its arguments: what it builds. */
function everyBuilt(): [string, unknown][] {
  const exported: Record<string, unknown> = catalog;
  return Object.entries(exported)
    .filter((entry): entry is [string, (...args: unknown[]) => unknown] => typeof entry[1] === 'function')
    .filter(([name]) => !HELPERS.includes(name) && !/^[A-Z]/.test(name))
    .map(([name, build]) => [name, build(...Array.from({ length: Math.max(build.length, 5) }, anything))]);
}

describe('the codes of the errors catalog', () => {
  it('gives each condition one code, in SCREAMING_SNAKE, with exit codes of the contract', () => {
    const codes = ERROR_CATALOG.map(([code]) => code);
    expect(codes.filter((code, i) => codes.indexOf(code) !== i)).toEqual([]);
    expect(codes.filter((code) => !/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/.test(code))).toEqual([]);
    const contract = Object.values(ExitCode) as number[];
    for (const code of codes) {
      expect(exitCodesOf(code).length, code).toBeGreaterThan(0);
      expect(
        exitCodesOf(code).filter((exit) => !contract.includes(exit) || exit === ExitCode.ok),
        code,
      ).toEqual([]);
    }
  });

  it("every builder builds an ScdError carrying a code of the catalog, with that code's exit code", () => {
    const built = everyBuilt();
    // Anything else a builder returns is no error a program could branch on.
    expect(built.filter(([, error]) => !(error instanceof ScdError)).map(([name]) => name)).toEqual([]);
    for (const [name, error] of built as [string, ScdError][]) {
      expect(
        ERROR_CATALOG.map(([code]) => code as string),
        name,
      ).toContain(error.code);
      expect(exitCodesOf(error.code), name).toContain(error.exitCode);
    }
    expect(built.length).toBeGreaterThan(100);
  });

  it('has no code that no builder gives', () => {
    const given = new Set(everyBuilt().map(([, error]) => (error as ScdError).code));
    expect(ERROR_CATALOG.map(([code]) => code).filter((code) => !given.has(code))).toEqual([]);
  });

  it('gives INTERRUPTED the exit code of the signal that stopped the command', () => {
    const signalled = (['SIGHUP', 'SIGINT', 'SIGTERM'] as const).map((signal) => catalog.rewindInterrupted(signal));
    expect(signalled.map((error) => [error.code, error.exitCode])).toEqual([
      ['INTERRUPTED', ExitCode.hangup],
      ['INTERRUPTED', ExitCode.interrupt],
      ['INTERRUPTED', ExitCode.terminate],
    ]);
  });

  it("takes an error's exit code from its code, never from its message", () => {
    const changed: ErrorCode = 'SOURCE_CHANGED';
    expect([catalog.sourceChanged('t', 2026, 3).code, new ScdError(changed, 'out of memory').exitCode]).toEqual([
      'SOURCE_CHANGED',
      ExitCode.badInput,
    ]);
    expect([
      catalog.databaseLocked('sim.duckdb', 'lock').code,
      catalog.databaseLocked('sim.duckdb', 'lock').exitCode,
    ]).toEqual(['IN_USE', ExitCode.locked]);
  });
});
