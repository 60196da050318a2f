import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode, exportHistory, generateWorkforce, runScd } from '../../../src/index.js';
import { cli, query, withTempDir } from '../../support/helpers.js';
import { ROOT } from '../../support/paths.js';

const all = { kind: 'all' } as const;

async function withHistory<T>(
  hardDeletes: 'invalidate' | 'new_record',
  fn: (db: string, dir: string) => Promise<T>,
): Promise<T> {
  return withTempDir(async (dir) => {
    const db = join(dir, 'sim.duckdb');
    await generateWorkforce({
      db,
      table: 'fct_workforce_snapshot',
      employees: 400,
      startYear: 2025,
      years: 3,
      seed: 17,
    });
    await runScd({ db, selection: { kind: 'range', from: 2025, to: 2026, exact: false }, table: { hardDeletes } });
    return fn(db, dir);
  });
}

const readBack = (out: string) => `SELECT * FROM read_parquet('${out}/**/*.parquet', hive_partitioning = true)`;

/**
 * The table's rows and the export's, EXCEPT ALL both ways over every column, and both column
 * lists with types: the same, but the partition column's, which hive partitioning infers from the
 * directory names (an INTEGER period comes back as BIGINT).
 */
async function compare(db: string, table: string, out: string) {
  const [row] = await query<{ table_rows: string; export_rows: string; only_table: string; only_export: string }>(
    db,
    `SELECT (SELECT count(*) FROM (${table})) AS table_rows, (SELECT count(*) FROM (${readBack(out)})) AS export_rows,
            (SELECT count(*) FROM (${table} EXCEPT ALL ${readBack(out)})) AS only_table,
            (SELECT count(*) FROM (${readBack(out)} EXCEPT ALL ${table})) AS only_export`,
  );
  const columns = async (relation: string) =>
    (await query<{ column_name: string; column_type: string }>(db, `DESCRIBE ${relation}`)).map(
      (c) => `${c.column_name} ${c.column_type}`,
    );
  return { ...row, columns: await columns(readBack(out)), tableColumns: await columns(table) };
}

async function expectExportEqualsTable(
  db: string,
  table: string,
  out: string,
  partition = ['simulation_year', 'BIGINT'],
): Promise<void> {
  const c = await compare(db, table, out);
  expect(Number(c.table_rows)).toBeGreaterThan(0);
  const [column, type] = partition;
  const columns = c.tableColumns.map((d) => (d.startsWith(`${column} `) ? `${column} ${type}` : d));
  expect(c).toEqual({
    table_rows: c.table_rows,
    export_rows: c.table_rows,
    only_table: '0',
    only_export: '0',
    columns,
    tableColumns: c.tableColumns,
  });
}

describe('export: the history as hive-partitioned Parquet', () => {
  it.each(['invalidate', 'new_record'] as const)(
    '%s: read back with hive partitioning it is exactly the table, by any partition column',
    async (hardDeletes) => {
      await withHistory(hardDeletes, async (db, dir) => {
        const out = join(dir, 'export');
        const result = await cli('export', '--db', db, '--out', out, '--json');
        const report = JSON.parse(result.stdout);
        const [{ n } = { n: '' }] = await query<{ n: string }>(db, 'SELECT count(*) AS n FROM scd_workforce_state');
        expect([result.code, report]).toEqual([
          0,
          {
            targetTable: 'scd_workforce_state',
            dir: out,
            partitionBy: 'simulation_year',
            currentOnly: false,
            rows: Number(n),
            files: 2,
            bytes: report.bytes,
          },
        ]);
        expect(readdirSync(out).sort()).toEqual([
          '_scd_parallel_export.json',
          'simulation_year=2025',
          'simulation_year=2026',
        ]);
        await expectExportEqualsTable(db, 'SELECT * FROM scd_workforce_state', out);
        // Other columns may partition: text, or a DATE with NULLs (the current versions).
        for (const partition of [
          ['department', 'VARCHAR'],
          ['dbt_valid_to', 'DATE'],
        ]) {
          expect((await cli('export', '--db', db, '--out', out, '--partition-by', partition[0] as string)).code).toBe(
            0,
          );
          await expectExportEqualsTable(db, 'SELECT * FROM scd_workforce_state', out, partition);
        }
        expect((await cli('export', '--db', db, '--out', out, '--current-only')).code).toBe(0);
        await expectExportEqualsTable(db, 'SELECT * FROM scd_workforce_state WHERE is_current_record', out);
      });
    },
  );

  it("the default partition is each version's first period: its valid_from is that applied period's date", async () => {
    await withHistory('invalidate', async (db, dir) => {
      const out = join(dir, 'export');
      await exportHistory({ db, out });
      const rows = await query<{ part: string; first: string }>(
        db,
        `SELECT DISTINCT regexp_extract(filename, 'simulation_year=(\\d+)', ` +
          `1) AS part, CAST(p.period AS VARCHAR) AS first
         FROM read_parquet('${out}/**/*.parquet', filename = true) h
         LEFT JOIN scd_parallel_periods p ON p.effective_date = h.dbt_valid_from ORDER BY ALL`,
      );
      expect(rows).toEqual([
        { part: '2025', first: '2025' },
        { part: '2026', first: '2026' },
      ]);
    });
  });

  it('replaces its export by renames, nothing left beside it; your directory or file: refused, untouched', async () => {
    await withHistory('invalidate', async (db, dir) => {
      const out = join(dir, 'export');
      await exportHistory({ db, out });
      await runScd({ db, selection: all });
      const report = await exportHistory({ db, out });
      expect(report.files).toBe(3);
      await expectExportEqualsTable(db, 'SELECT * FROM scd_workforce_state', out);
      expect(readdirSync(dir).sort()).toEqual(['export', 'sim.duckdb']);
      const mine = join(dir, 'mine');
      mkdirSync(mine);
      writeFileSync(join(mine, 'notes.txt'), 'keep me');
      writeFileSync(join(dir, 'file'), 'keep me too');
      for (const target of [mine, join(dir, 'file')]) {
        expect(await cli('export', '--db', db, '--out', target)).toEqual({
          code: ExitCode.badInput,
          stdout: '',
          stderr:
            `scd-parallel: --out ${target} exists and is not an export of ` +
            `scd-parallel; it is left untouched (name another directory)\n`,
        });
      }
      expect([
        readdirSync(mine),
        readFileSync(join(mine, 'notes.txt'), 'utf8'),
        readFileSync(join(dir, 'file'), 'utf8'),
      ]).toEqual([['notes.txt'], 'keep me', 'keep me too']);
      expect(await cli('export', '--db', db, '--out', out, '--partition-by', 'nope')).toMatchObject({
        code: ExitCode.badInput,
        stdout: '',
      });
      await expectExportEqualsTable(db, 'SELECT * FROM scd_workforce_state', out);
    });
  });

  it('an export killed before its rename leaves the previous one intact; the next removes its leftovers', async () => {
    await withHistory('invalidate', async (db, dir) => {
      const out = join(dir, 'export');
      await exportHistory({ db, out });
      const before = await query(db, `${readBack(out)} ORDER BY ALL`);
      await runScd({ db, selection: all });
      const killed = await new Promise<string | null>((resolve) => {
        const child = spawn(process.execPath, ['bin/scd-parallel.js', 'export', '--db', db, '--out', out], {
          cwd: ROOT,
          env: { ...process.env, SCD_PARALLEL_FAULT: 'kill:exported:0' },
          stdio: 'ignore',
        });
        child.on('exit', (_code, signal) => resolve(signal));
      });
      expect(killed).toBe('SIGKILL');
      expect(readdirSync(dir).filter((e) => e.startsWith('.export.scd-export-new-'))).toHaveLength(1);
      expect(await query(db, `${readBack(out)} ORDER BY ALL`)).toEqual(before);
      await exportHistory({ db, out });
      expect(readdirSync(dir).sort()).toEqual(['export', 'sim.duckdb']);
      await expectExportEqualsTable(db, 'SELECT * FROM scd_workforce_state', out);
    });
  });
});
