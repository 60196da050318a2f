/**
 * What the session needs for `await using`. Node 20 defines Symbol.asyncDispose, which `await using`
 * and a class's [Symbol.asyncDispose] look up, only from 20.4 on (as this registered symbol): before
 * that, this module defines it, before any class that implements it is evaluated.
 */
if (Symbol.asyncDispose === undefined) {
  Object.defineProperty(Symbol, 'asyncDispose', { value: Symbol.for('nodejs.asyncDispose') });
}

/** What `await using` runs when its scope ends, however it ends. */
export const releasing = (release: () => unknown): AsyncDisposable => ({
  [Symbol.asyncDispose]: async () => {
    await release();
  },
});

/**
 * The first of several failures of one scope's releases: `await using` wraps each later one around
 * those before it, as a SuppressedError (on Node 20, TypeScript's stand-in of that name).
 */
export function firstFailure(error: unknown): unknown {
  let first = error;
  while (first instanceof Error && first.name === 'SuppressedError' && 'suppressed' in first) first = first.suppressed;
  return first;
}
