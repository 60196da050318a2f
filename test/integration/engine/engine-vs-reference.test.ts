import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScd } from '../../../src/index.js';
import { execute, query, readHistory, withTempDir, writeSnapshot } from '../../support/helpers.js';
import { referenceHistory, type SnapshotRow } from '../../support/reference-model.js';

/**
 * Random multi-year snapshots (changes, removals, rehires, unchanged years, NULL against '' and 0)
 * through the engine at every chunk and worker count, compared with the reference model row for row.
 */
const salary = fc.constantFrom(null, '0.00', '50000.00', '50000.50', '61000.00');
const text = fc.constantFrom(null, '', 'L1', 'L2');
const department = fc.constantFrom(null, '', 'Sales', 'HR');
const status = fc.constantFrom(null, 'active', 'terminated');

interface KeyYear {
  present: boolean;
  values: [string | null, string | null, string | null, string | null];
}

const workforce = fc
  .record({
    keys: fc.integer({ min: 1, max: 25 }),
    // Non-contiguous periods are valid: gaps between years are drawn too.
    gaps: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 5 }),
    seed: fc.array(
      fc.record({
        present: fc.boolean(),
        stay: fc.boolean(),
        values: fc.tuple(salary, text, department, status),
      }),
      { minLength: 125, maxLength: 125 },
    ),
  })
  .map(({ keys, gaps, seed }): SnapshotRow[] => {
    const rows: SnapshotRow[] = [];
    let year = 2020;
    const last = new Map<number, KeyYear>();
    gaps.forEach((gap, yearIndex) => {
      year += yearIndex === 0 ? 0 : gap;
      for (let k = 0; k < keys; k++) {
        const draw = seed[(yearIndex * keys + k) % seed.length] as (typeof seed)[number];
        const previous = last.get(k);
        // "stay" keeps last year's values, so unchanged years are common.
        const values = draw.stay && previous !== undefined ? previous.values : draw.values;
        last.set(k, { present: draw.present, values });
        if (!draw.present) continue;
        rows.push({
          employee_id: `E${String(k).padStart(3, '0')}`,
          simulation_year: year,
          annual_salary: values[0],
          job_level: values[1],
          department: values[2],
          employee_status: values[3],
          effective_date: `${year}-12-31`,
          note: `${k}@${year}`,
        });
      }
    });
    return rows;
  });

const CONFIGS = [1, 3, 64].flatMap((chunks) => [1, 4].map((workers) => ({ chunks, workers })));

describe('engine against the reference model', () => {
  it('matches row for row at chunks 1, 3, 64 and workers 1, 4; every config gives the same table', async () => {
    await fc.assert(
      fc.asyncProperty(workforce, fc.boolean(), async (rows, oneByOne) => {
        fc.pre(rows.length > 0);
        const expected = referenceHistory(rows);
        const periods = [...new Set(rows.map((r) => r.simulation_year))].sort((a, b) => a - b);
        await withTempDir(async (dir) => {
          const hashes: string[] = [];
          for (const { chunks, workers } of CONFIGS) {
            const db = join(dir, `c${chunks}-w${workers}.duckdb`);
            await writeSnapshot(db, rows);
            if (oneByOne) {
              for (const year of periods) {
                await runScd({ db, selection: { kind: 'range', from: year, to: year, exact: true }, chunks, workers });
              }
            } else {
              await runScd({ db, selection: { kind: 'all' }, chunks, workers });
            }
            expect(await readHistory(db), `chunks ${chunks} workers ${workers}`).toEqual(expected);
            const [row] = await query<{ h: string }>(
              db,
              `SELECT string_agg(CAST(record_hash AS VARCHAR), ',' ORDER BY ` +
                `employee_id, dbt_valid_from) AS h FROM scd_workforce_state`,
            );
            hashes.push(row?.h ?? '');
          }
          expect(new Set(hashes).size).toBe(1);
        });
      }),
      { numRuns: 12 },
    );
    // Six configurations of up to five runs each, twelve times: minutes on 2 cores, more under load.
  }, 600_000);

  it('full refresh and inline change sets equal the year-by-year result', async () => {
    await fc.assert(
      fc.asyncProperty(workforce, async (rows) => {
        fc.pre(rows.length > 0);
        const expected = referenceHistory(rows);
        await withTempDir(async (dir) => {
          for (const mode of ['full-refresh', 'inline'] as const) {
            const db = join(dir, `${mode}.duckdb`);
            await writeSnapshot(db, rows);
            await runScd({
              db,
              selection: { kind: 'all' },
              fullRefresh: mode === 'full-refresh',
              inline: mode === 'inline',
            });
            expect(await readHistory(db), mode).toEqual(expected);
          }
        });
      }),
      { numRuns: 25 },
    );
  }, 300_000);

  it('with a two-column key (scenario_id, employee_id), every path matches the reference row for row', async () => {
    // Employee k becomes (S{k mod 2}, E{k div 2}): every employee_id is shared by two keys.
    const split = (id: string) => {
      const k = Number(id.slice(1));
      return { scenario_id: `S${k % 2}`, employee_id: `E${Math.floor(k / 2)}` };
    };
    const COMPOSITE = [{ chunks: 1, workers: 1 }, { chunks: 3, workers: 2 }, { inline: true }, { fullRefresh: true }];
    await fc.assert(
      fc.asyncProperty(workforce, async (rows) => {
        fc.pre(rows.length > 0);
        const expected = referenceHistory(rows)
          .map((v) => {
            const key = split(v.employee_id);
            return {
              ...key,
              annual_salary: v.annual_salary,
              job_level: v.job_level,
              department: v.department,
              employee_status: v.employee_status,
              note: v.note,
              dbt_scd_id: `${key.scenario_id}|${key.employee_id}|${v.dbt_valid_from}`,
              dbt_valid_from: v.dbt_valid_from,
              dbt_valid_to: v.dbt_valid_to,
              is_current_record: v.is_current_record,
            };
          })
          .sort((a, b) => (a.dbt_scd_id < b.dbt_scd_id ? -1 : 1));
        await withTempDir(async (dir) => {
          for (const [i, mode] of COMPOSITE.entries()) {
            const db = join(dir, `${i}.duckdb`);
            await writeSnapshot(db, rows);
            await execute(
              db,
              `ALTER TABLE fct_workforce_snapshot ADD COLUMN scenario_id VARCHAR;
               UPDATE fct_workforce_snapshot SET scenario_id = 'S' || (CAST(substr(employee_id, 2) AS INTEGER) % 2),
                 employee_id = 'E' || (CAST(substr(employee_id, 2) AS INTEGER) // 2)`,
            );
            await runScd({
              db,
              selection: { kind: 'all' },
              table: { keyColumns: ['scenario_id', 'employee_id'] },
              ...mode,
            });
            const actual = await query(
              db,
              `SELECT scenario_id, employee_id, CAST(annual_salary AS VARCHAR) ` +
                `AS annual_salary, job_level, department, employee_status, note,
                      dbt_scd_id, CAST(dbt_valid_from AS VARCHAR) AS dbt_valid_from, ` +
                `CAST(dbt_valid_to AS VARCHAR) AS dbt_valid_to, is_current_record
               FROM scd_workforce_state ORDER BY dbt_scd_id COLLATE C`,
            );
            expect(actual, JSON.stringify(mode)).toEqual(expected);
          }
        });
      }),
      { numRuns: 8 },
    );
  }, 300_000);
});
