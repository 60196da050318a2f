import { join } from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';
import type { LakeSettings } from '../../src/db/lake.js';
import { checkHistory, rewindScd, runScd } from '../../src/index.js';
import { execute, type Place, query, readHistory, readSource, withTempDir, writeSnapshot } from './helpers.js';
import { type CatalogKind, withLake } from './lake.js';
import { type HardDeletes, referenceHistory, type SnapshotRow } from './reference-model.js';

/**
 * Random sequences of what simulation developers do to a history: apply, apply again, re-simulate
 * a period then --replace, rewind, a late period, an empty period. After each sequence, the history
 * must equal a fresh in-order build of the final snapshots (with the periods applied empty), and
 * pass check.
 */
const FIRST_YEAR = 2020;
const SLOTS = 7;
const KEYS = 6;

type Slot = 'present' | 'late' | 'hole';
type Op =
  | { kind: 'apply' }
  | { kind: 'resimulate'; slot: number; seed: number }
  | { kind: 'rewind'; slot: number }
  | { kind: 'late'; slot: number }
  | { kind: 'empty'; slot: number; dated: boolean }
  | { kind: 'fill'; slot: number };

const values = fc.tuple(
  fc.constantFrom(null, '1.00', '2.00'),
  fc.constantFrom('L1', 'L2'),
  fc.constantFrom(null, 'HR'),
  fc.constantFrom('active', null),
);

export const scenario = fc.record({
  slots: fc.array(fc.constantFrom<Slot>('present', 'present', 'late', 'hole'), { minLength: SLOTS, maxLength: SLOTS }),
  cells: fc.array(fc.option(values, { freq: 3 }), { minLength: SLOTS * KEYS, maxLength: SLOTS * KEYS }),
  ops: fc.array(
    fc.oneof(
      fc.constant<Op>({ kind: 'apply' }),
      fc.record({ kind: fc.constant('resimulate' as const), slot: fc.nat(SLOTS - 1), seed: fc.nat(1000) }),
      fc.record({ kind: fc.constant('rewind' as const), slot: fc.integer({ min: -1, max: SLOTS - 1 }) }),
      fc.record({ kind: fc.constant('late' as const), slot: fc.nat(SLOTS - 1) }),
      fc.record({ kind: fc.constant('empty' as const), slot: fc.nat(SLOTS - 1), dated: fc.boolean() }),
      fc.record({ kind: fc.constant('fill' as const), slot: fc.nat(SLOTS - 1) }),
    ),
    { minLength: 2, maxLength: 7 },
  ),
});
export type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function snapshotRows(s: Scenario, slotKinds: readonly Slot[]): SnapshotRow[] {
  const rows: SnapshotRow[] = [];
  s.slots.forEach((_, slot) => {
    if (!slotKinds.includes(s.slots[slot] as Slot)) return;
    const year = FIRST_YEAR + slot;
    for (let k = 0; k < KEYS; k++) {
      const cell = s.cells[slot * KEYS + k];
      if (cell === null || cell === undefined) continue;
      const [annual_salary, job_level, department, employee_status] = cell;
      rows.push({
        employee_id: `E${k}`,
        simulation_year: year,
        annual_salary,
        job_level,
        department,
        employee_status,
        effective_date: `${year}-12-31`,
        note: `${k}@${year}`,
      });
    }
  });
  return rows;
}

export interface SequenceConfig {
  readonly hardDeletes: HardDeletes;
  readonly chunks: number;
  /** dbt's other settings: TIMESTAMP validity, renamed meta columns, an open-end sentinel. */
  readonly dbtSettings?: boolean;
  /** The history in a lake with this catalog, the source in the file. */
  readonly lake?: CatalogKind;
}

const DBT_SETTINGS = {
  validityType: 'timestamp',
  validToCurrent: '9999-12-31',
  metaColumnNames: {
    dbt_scd_id: 'scd_id',
    dbt_valid_from: 'valid_from',
    dbt_valid_to: 'valid_to',
    dbt_updated_at: 'updated_at',
    dbt_is_deleted: 'is_deleted',
  },
} as const;

/** How many ops of each kind took effect (an op whose condition does not hold is skipped). */
export type Effective = Record<Op['kind'], number>;

/** Runs one scenario; throws (an expect) on any mismatch; returns the ops that took effect. */
export async function runSequence(s: Scenario, config: SequenceConfig): Promise<Effective> {
  const effective: Effective = { apply: 0, resimulate: 0, rewind: 0, late: 0, empty: 0, fill: 0 };
  await withTempDir(async (dir) => {
    if (config.lake === undefined) return sequenceIn(dir, s, config, effective);
    await withLake(config.lake, dir, (lake) => sequenceIn(dir, s, config, effective, lake));
  });
  return effective;
}

async function sequenceIn(dir: string, s: Scenario, config: SequenceConfig, effective: Effective, lake?: LakeSettings) {
  const db = join(dir, 'sim.duckdb');
  const place: Place = lake === undefined ? db : { db, lake };
  const opts = {
    db,
    lake,
    chunks: config.chunks,
    workers: 2,
    table: { hardDeletes: config.hardDeletes, ...(config.dbtSettings && DBT_SETTINGS) },
  };
  const initial = snapshotRows(s, ['present']);
  await writeSnapshot(db, initial);
  const inSource = new Set(initial.map((r) => r.simulation_year));
  const emptyApplied = new Map<number, string>();
  const applyAll = async (replace = false) => {
    if (inSource.size > 0 || emptyApplied.size > 0) await runScd({ ...opts, selection: { kind: 'all' }, replace });
  };
  for (const op of s.ops) {
    const year = op.kind === 'apply' ? 0 : FIRST_YEAR + op.slot;
    if (op.kind === 'apply') {
      await applyAll();
      effective.apply += 1;
    }
    if (op.kind === 'resimulate' && inSource.has(year)) {
      effective.resimulate += 1;
      await execute(db, resimulation(year, op.seed));
      await applyAll(true);
    }
    if (op.kind === 'rewind') {
      effective.rewind += 1;
      // Nothing to rewind before any run created the history.
      await rewindScd({ db, lake, to: year }).catch((error: Error) =>
        expect(error.message).toMatch(/^history table .* does not exist/),
      );
      for (const p of emptyApplied.keys()) if (p > year) emptyApplied.delete(p);
    }
    const late =
      op.kind === 'late' && s.slots[op.slot] === 'late' && !inSource.has(year) ? lateRows(s, op.slot) : undefined;
    if (late !== undefined) {
      effective.late += 1;
      await execute(db, `INSERT INTO fct_workforce_snapshot ${late}`);
      inSource.add(year);
      await applyAll();
    }
    // An empty period is dated as given, or from its neighbours (periods are years): it needs one. A hole
    // filled earlier has rows now, so it is no longer empty.
    const hole = op.kind === 'empty' && s.slots[op.slot] === 'hole' && !inSource.has(year);
    if (op.kind === 'empty' && hole && !emptyApplied.has(year) && (op.dated || inSource.size > 0)) {
      await applyAll();
      const date = op.dated ? `${year}-06-30` : `${year}-12-31`;
      await runScd({
        ...opts,
        selection: { kind: 'range', from: year, to: year, exact: true },
        allowEmpty: true,
        ...(op.dated && { emptyPeriodDate: date }),
      });
      emptyApplied.set(year, date);
      effective.empty += 1;
    }
    // Rows arrive for a period applied empty: a change, applied again with --replace. The op's slot picks
    // one of the periods applied empty (a slot drawn at random would rarely be one: 6 in 1000 sequences).
    const emptied = [...emptyApplied.keys()].sort();
    const filled = op.kind === 'fill' ? emptied[op.slot % Math.max(1, emptied.length)] : undefined;
    if (filled !== undefined) {
      effective.fill += 1;
      await execute(
        db,
        `INSERT INTO fct_workforce_snapshot VALUES ('F', ${filled}, ` +
          `3.00, 'L2', 'HR', 'active', DATE '${filled}-12-31', 'f')`,
      );
      emptyApplied.delete(filled);
      inSource.add(filled);
      await applyAll(true);
    }
  }
  await applyAll();
  const source = await readSource(db);
  const emptyPeriods = [...emptyApplied].map(([period, date]) => ({ period, date }));
  // No history table: nothing was ever applied.
  const created =
    (await query(place, "SELECT 1 FROM duckdb_tables() WHERE table_name = 'scd_workforce_state'")).length > 0;
  const history = created
    ? await readHistory(
        place,
        'scd_workforce_state',
        config.hardDeletes === 'new_record',
        config.dbtSettings ? DBT_SETTINGS : {},
      )
    : [];
  expect(history).toEqual(referenceHistory(source, { hardDeletes: config.hardDeletes, emptyPeriods }));
  if (created) expect((await checkHistory({ db, lake })).ok).toBe(true);
  const ledger = created
    ? await query<{ period: string }>(place, 'SELECT period FROM scd_parallel_periods ORDER BY period')
    : [];
  expect(ledger.map((l) => Number(l.period))).toEqual(
    [...new Set([...source.map((r) => r.simulation_year), ...emptyApplied.keys()])].sort((a, b) => a - b),
  );
}

/** A re-simulated period: some raises, some rows gone (never all), maybe a new key. */
function resimulation(year: number, seed: number): string {
  const newKey = `N${seed % 3}`;
  return (
    `UPDATE fct_workforce_snapshot SET annual_salary = coalesce(annual_salary, ` +
    `0) + 1 WHERE simulation_year = ${year} AND hash(employee_id, ${seed}) % 3 = 0;
    DELETE FROM fct_workforce_snapshot WHERE simulation_year = ${year} AND hash(employee_id, ${seed}) % 4 = 1
      AND employee_id <> (SELECT min(employee_id) FROM fct_workforce_snapshot WHERE simulation_year = ${year});
    INSERT INTO fct_workforce_snapshot SELECT '${newKey}', ${year}, ` +
    `5.00, 'L1', 'HR', 'active', DATE '${year}-12-31', 'n'
      WHERE NOT EXISTS (SELECT 1 FROM fct_workforce_snapshot WHERE ` +
    `simulation_year = ${year} AND employee_id = '${newKey}')`
  );
}

/** The rows of a late slot as a VALUES list; undefined when the slot drew none. */
function lateRows(s: Scenario, slot: number): string | undefined {
  const rows = snapshotRows({ ...s, slots: s.slots.map((_, i) => (i === slot ? 'present' : 'hole')) }, ['present']);
  if (rows.length === 0) return undefined;
  const text = (v: string | null) => (v === null ? 'NULL' : `'${v}'`);
  const row = (r: SnapshotRow) =>
    `(${text(r.employee_id)}, ${r.simulation_year}, ${r.annual_salary ?? 'NULL'}, ${text(r.job_level)}, ` +
    `${text(r.department)}, ${text(r.employee_status)}, DATE '${r.effective_date}', ${text(r.note)})`;
  return `VALUES ${rows.map(row).join(', ')}`;
}

export const SEQUENCE_CONFIGS: readonly SequenceConfig[] = (['invalidate', 'new_record', 'ignore'] as const).flatMap(
  (hardDeletes) => [
    ...[1, 64].map((chunks) => ({ hardDeletes, chunks, dbtSettings: false })),
    { hardDeletes, chunks: 64, dbtSettings: true },
  ],
);
