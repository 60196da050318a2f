import { describe, expect, it } from 'vitest';
import { applySides, changesAny } from '../../../../src/engine/2-change-sets/strategy.js';

const counts = (newVersions: number, changedVersions: number, removedVersions: number, unchanged: number) => ({
  rowsRead: newVersions + changedVersions + unchanged,
  newVersions,
  changedVersions,
  removedVersions,
  unchanged,
});

describe('the side of the change set each apply statement goes through', () => {
  it('goes through the unchanged keys where they are fewer: a yearly raise for everyone', () => {
    expect(applySides(counts(150, 1000, 120, 0), 'invalidate')).toEqual({ close: 'unchanged', insert: 'unchanged' });
    expect(applySides(counts(150, 1000, 120, 0), 'new_record')).toEqual({ close: 'unchanged', insert: 'unchanged' });
  });

  it('goes through the changed keys where they are fewer: a quiet year', () => {
    expect(applySides(counts(10, 20, 5, 1000), 'invalidate')).toEqual({ close: 'changed', insert: 'changed' });
  });

  it('picks each statement its own side: many removals, few changes', () => {
    // Closing: 10 changed + 500 removed against 300 unchanged; inserting: 10 new + 10 changed against 300.
    expect(applySides(counts(10, 10, 500, 300), 'invalidate')).toEqual({ close: 'unchanged', insert: 'changed' });
  });

  it('closes through the changed keys when removed keys keep their versions (hard deletes ignored)', () => {
    expect(applySides(counts(150, 1000, 0, 0), 'ignore')).toEqual({ close: 'changed', insert: 'unchanged' });
  });

  it('tells a period that changes nothing, whose change set still lists its unchanged keys', () => {
    expect(changesAny(counts(0, 0, 0, 1000))).toBe(false);
    expect(changesAny(counts(0, 0, 1, 1000))).toBe(true);
  });
});
