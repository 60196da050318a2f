import type { DuckDBConnection } from '@duckdb/node-api';
import { changeRows, exec, one, toNumber } from '../db/database.js';
import { DEFAULTS } from '../defaults.js';
import { faultPoint } from '../faults.js';
import { type Statement, sql, type TableName } from '../sql/index.js';
import { type GenerateProfile, PROFILE_RATES } from './profiles.js';

/** What a synthetic workforce is made of: its size, its years, its seed and its rates. */
export interface Simulation {
  readonly employees: number;
  readonly startYear: number;
  readonly years: number;
  readonly seed: number;
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

interface Shape {
  readonly create: (table: TableName) => Statement;
  readonly emit: (table: TableName) => Statement;
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

async function emitYear(
  connection: DuckDBConnection,
  shape: Shape,
  table: TableName,
  year: number,
  startYear: number,
): Promise<number> {
  return changeRows(connection, shape.emit(table), shape.emitParams(year, startYear));
}

/** The year steps, after the table is created: the census year, then each later one. */
export async function generateYears(
  connection: DuckDBConnection,
  options: Simulation,
  table: TableName,
  stop: () => void,
  onYear: (summary: GenerateYearSummary) => void,
): Promise<GenerateYearSummary[]> {
  const profile = options.profile ?? DEFAULTS.generate.profile;
  const shape = SHAPES[profile];
  const rates = PROFILE_RATES[profile];
  const growthRate = options.growthRate ?? DEFAULTS.generate.growthRate;
  const colaRate = options.colaRate ?? DEFAULTS.generate.colaRate;
  await exec(connection, sql.generateSeed(), { seed: options.seed });
  await exec(connection, sql.generateSetup());
  await exec(connection, shape.create(table));

  const years: GenerateYearSummary[] = [];
  await exec(connection, sql.generateCensus(), { start_year: options.startYear, employees: options.employees });
  const censusRows = await emitYear(connection, shape, table, options.startYear, options.startYear);
  const census = { ...(await summarize(connection, options.startYear, censusRows)), hires: options.employees };
  years.push(census);
  onYear(census);

  for (let year = options.startYear + 1; year < options.startYear + options.years; year++) {
    await faultPoint('generate', year);
    stop();
    const before = await one<StateStats>(connection, sql.generateStats(), { year: year - 1 });
    await exec(connection, sql.generateYear(), {
      year,
      cola: colaRate,
      merit_rate: rates.meritRate,
      rehire_rate: rates.rehireRate,
    });
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
    const summary = await summarize(connection, year, rows);
    years.push(summary);
    onYear(summary);
  }
  return years;
}
