import type { DuckDBConnection } from '@duckdb/node-api';
import { rmSync } from 'node:fs';
import { all, exec, one, toNumber, withDatabase } from '../db/database.js';
import { badInput } from '../errors.js';
import { ident, literal, render } from '../sql/index.js';
import { TEMP_PARQUET_OPTIONS } from '../constants.js';

export interface GenerateOptions {
  /** A DuckDB file to write the table into, or (with `parquetPath`) none. */
  readonly db?: string;
  readonly parquetPath?: string;
  readonly table: string;
  readonly employees: number;
  readonly startYear: number;
  readonly years: number;
  readonly seed: number;
  /** Drop an existing table of the same name first; otherwise an existing table is an error. */
  readonly replace?: boolean;
  readonly growthRate?: number;
  readonly colaRate?: number;
}

export interface GenerateYearSummary {
  readonly year: number;
  readonly rows: number;
  readonly hires: number;
  readonly terminations: number;
  readonly raises: number;
  readonly promotions: number;
  readonly transfers: number;
  readonly rehires: number;
}

export interface GenerateSummary {
  readonly rows: number;
  readonly employees: number;
  readonly years: readonly GenerateYearSummary[];
  readonly seconds: number;
}

interface StateStats {
  active: bigint;
  terminations: bigint;
  raises: bigint;
  promotions: bigint;
  transfers: bigint;
  rehires: bigint;
  hires: bigint;
  max_emp_num: bigint;
}

function validate(options: GenerateOptions): void {
  if ((options.db === undefined) === (options.parquetPath === undefined)) {
    throw badInput('generate needs exactly one of --db or --parquet');
  }
  const positive: Array<[string, number]> = [
    ['--employees', options.employees],
    ['--years', options.years],
  ];
  for (const [flag, value] of positive) {
    if (!Number.isSafeInteger(value) || value < 1) throw badInput(`${flag} must be a positive integer, got ${value}`);
  }
  if (!Number.isSafeInteger(options.startYear)) throw badInput(`--start-year must be an integer, got ${options.startYear}`);
  if (!Number.isSafeInteger(options.seed)) throw badInput(`--seed must be an integer, got ${options.seed}`);
}

async function summarize(connection: DuckDBConnection, year: number, rows: number): Promise<GenerateYearSummary> {
  const s = await one<StateStats>(connection, render('generate_stats'), { year });
  return {
    year,
    rows,
    hires: toNumber(s.hires),
    terminations: toNumber(s.terminations),
    raises: toNumber(s.raises),
    promotions: toNumber(s.promotions),
    transfers: toNumber(s.transfers),
    rehires: toNumber(s.rehires),
  };
}

async function emitYear(connection: DuckDBConnection, table: string, year: number): Promise<number> {
  const result = await connection.run(render('generate_emit', { table: ident(table) }), { year });
  return toNumber(result.rowsChanged);
}

/**
 * A deterministic synthetic workforce: the same seed, sizes and DuckDB version give the same rows.
 * Each year is one set-based step over the whole workforce, so 1M employees take seconds.
 */
export async function generateWorkforce(options: GenerateOptions): Promise<GenerateSummary> {
  validate(options);
  const startedAt = performance.now();
  const growthRate = options.growthRate ?? 0.03;
  const colaRate = options.colaRate ?? 0.015;
  const path = options.db ?? ':memory:';
  return withDatabase(path, {}, async (connection) => {
    const existing = await all(connection, 'SELECT 1 FROM duckdb_tables() WHERE table_name = $name AND NOT temporary', {
      name: options.table,
    });
    if (existing.length > 0) {
      if (!options.replace) throw badInput(`table ${options.table} already exists in ${path} (use --replace)`);
      await exec(connection, `DROP TABLE ${ident(options.table).sql}`);
    }
    await exec(connection, 'SET VARIABLE gen_seed = $seed', { seed: options.seed });
    await exec(connection, render('generate_setup'));
    await exec(connection, render('generate_create', { table: ident(options.table) }));

    const years: GenerateYearSummary[] = [];
    await exec(connection, render('generate_census'), { start_year: options.startYear, employees: options.employees });
    const censusRows = await emitYear(connection, options.table, options.startYear);
    years.push({ ...(await summarize(connection, options.startYear, censusRows)), hires: options.employees });

    for (let year = options.startYear + 1; year < options.startYear + options.years; year++) {
      const before = await one<StateStats>(connection, render('generate_stats'), { year: year - 1 });
      await exec(connection, render('generate_year'), { year, cola: colaRate });
      const after = await one<StateStats>(connection, render('generate_stats'), { year });
      const hires = Math.max(
        0,
        toNumber(after.terminations) + Math.round(toNumber(before.active) * growthRate) - toNumber(after.rehires),
      );
      await exec(connection, render('generate_hires'), { year, first_id: toNumber(after.max_emp_num) + 1, hires });
      const rows = await emitYear(connection, options.table, year);
      years.push(await summarize(connection, year, rows));
    }

    const totals = await one<{ rows: bigint; employees: bigint }>(
      connection,
      `SELECT count(*) AS rows, count(DISTINCT employee_id) AS employees FROM ${ident(options.table).sql}`,
    );
    if (options.parquetPath !== undefined) {
      rmSync(options.parquetPath, { force: true });
      await exec(
        connection,
        `COPY ${ident(options.table).sql} TO ${literal(options.parquetPath).sql} (${TEMP_PARQUET_OPTIONS})`,
      );
    }
    return {
      rows: toNumber(totals.rows),
      employees: toNumber(totals.employees),
      years,
      seconds: (performance.now() - startedAt) / 1000,
    };
  });
}
