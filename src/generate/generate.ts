import type { DuckDBConnection } from '@duckdb/node-api';
import { rmSync } from 'node:fs';
import { relationKind } from '../db/catalog.js';
import { exec, one, toNumber, withDatabase } from '../db/database.js';
import { DEFAULTS } from '../defaults.js';
import { exactlyOneOf, notInteger, notOneOf, notPositiveInteger, tableExists } from '../errors/index.js';
import { TableName, sql } from '../sql/index.js';
import { GENERATE_PROFILES, type GenerateProfile, PROFILE_RATES } from './profiles.js';

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
  /** The snapshot's shape: `default`, or `planwise` (the 47 columns of the real model); see profiles.ts. */
  readonly profile?: GenerateProfile;
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
  if ((options.db === undefined) === (options.parquetPath === undefined)) throw exactlyOneOf('db', 'parquetPath');
  for (const [option, value] of [['employees', options.employees], ['years', options.years]] as const) {
    if (!Number.isSafeInteger(value) || value < 1) throw notPositiveInteger(option, value);
  }
  for (const [option, value] of [['startYear', options.startYear], ['seed', options.seed]] as const) {
    if (!Number.isSafeInteger(value)) throw notInteger(option, value);
  }
  if (options.profile !== undefined && !GENERATE_PROFILES.includes(options.profile)) throw notOneOf('profile', GENERATE_PROFILES, options.profile);
}

interface Shape {
  readonly create: (table: TableName) => string;
  readonly emit: (table: TableName) => string;
  /** planwise needs the first year to tell the census from new hires. */
  readonly emitParams: (year: number, startYear: number) => Record<string, number>;
}

const SHAPES: Readonly<Record<GenerateProfile, Shape>> = {
  default: { create: sql.generateCreate, emit: sql.generateEmit, emitParams: (year) => ({ year }) },
  planwise: {
    create: sql.generatePlanwiseCreate,
    emit: sql.generatePlanwiseEmit,
    emitParams: (year, startYear) => ({ year, start_year: startYear }),
  },
};

async function summarize(connection: DuckDBConnection, year: number, rows: number): Promise<GenerateYearSummary> {
  const s = await one<StateStats>(connection, sql.generateStats(), { year });
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

async function emitYear(connection: DuckDBConnection, shape: Shape, table: TableName, year: number, startYear: number): Promise<number> {
  const result = await connection.run(shape.emit(table), shape.emitParams(year, startYear));
  return toNumber(result.rowsChanged);
}

/**
 * A deterministic synthetic workforce: the same seed, sizes and DuckDB version give the same rows.
 * Each year is one set-based step over the whole workforce, so 1M employees take seconds.
 */
export async function generateWorkforce(options: GenerateOptions): Promise<GenerateSummary> {
  validate(options);
  const startedAt = performance.now();
  const growthRate = options.growthRate ?? DEFAULTS.generate.growthRate;
  const colaRate = options.colaRate ?? DEFAULTS.generate.colaRate;
  const profile = options.profile ?? DEFAULTS.generate.profile;
  const shape = SHAPES[profile];
  const rates = PROFILE_RATES[profile];
  const path = options.db ?? ':memory:';
  const table = TableName.parse(options.table);
  return withDatabase(path, {}, async (connection) => {
    if ((await relationKind(connection, table)) !== undefined) {
      if (!options.replace) throw tableExists(options.table, path);
      await exec(connection, sql.tableDrop(table));
    }
    await exec(connection, sql.generateSeed(), { seed: options.seed });
    await exec(connection, sql.generateSetup());
    await exec(connection, shape.create(table));

    const years: GenerateYearSummary[] = [];
    await exec(connection, sql.generateCensus(), { start_year: options.startYear, employees: options.employees });
    const censusRows = await emitYear(connection, shape, table, options.startYear, options.startYear);
    years.push({ ...(await summarize(connection, options.startYear, censusRows)), hires: options.employees });

    for (let year = options.startYear + 1; year < options.startYear + options.years; year++) {
      const before = await one<StateStats>(connection, sql.generateStats(), { year: year - 1 });
      await exec(connection, sql.generateYear(), { year, cola: colaRate, merit_rate: rates.meritRate, rehire_rate: rates.rehireRate });
      const after = await one<StateStats>(connection, sql.generateStats(), { year });
      const hires = Math.max(
        0,
        toNumber(after.terminations) + Math.round(toNumber(before.active) * growthRate) - toNumber(after.rehires),
      );
      await exec(connection, sql.generateHires(), {
        year,
        first_id: toNumber(after.max_emp_num) + 1,
        hires,
        new_hire_termination_rate: rates.newHireTerminationRate,
      });
      const rows = await emitYear(connection, shape, table, year, options.startYear);
      years.push(await summarize(connection, year, rows));
    }

    const totals = await one<{ rows: bigint; employees: bigint }>(connection, sql.generateTotals(table));
    if (options.parquetPath !== undefined) {
      rmSync(options.parquetPath, { force: true });
      await exec(connection, sql.copyToFile(table.sql, options.parquetPath, 'parquet'));
    }
    return {
      rows: toNumber(totals.rows),
      employees: toNumber(totals.employees),
      years,
      seconds: (performance.now() - startedAt) / 1000,
    };
  });
}
