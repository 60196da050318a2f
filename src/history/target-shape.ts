import { shapeMismatch } from '../errors/index.js';
import type { Column, HistorySpec } from '../sql/index.js';

/** An existing history must have the columns this source would give it, with their types. */
export function checkTargetShape(target: readonly Column[], source: readonly Column[], spec: HistorySpec): void {
  // In any order: versions are written BY NAME, and a dbt snapshot orders its meta columns its own way.
  const expected = spec.schema.expectedShape(source);
  const actual = target.map((c) => `${c.name} ${c.type}`);
  if ([...expected].sort().join(',') !== [...actual].sort().join(',')) {
    throw shapeMismatch(
      spec.target.text,
      expected.filter((e) => !actual.includes(e)),
      actual.filter((a) => !expected.includes(a)),
    );
  }
}
