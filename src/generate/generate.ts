import type { DuckDBConnection } from '@duckdb/node-api';
import { existsSync } from 'node:fs';
import { relationKind } from '../db/catalog.js';
import { exec, one, removeDatabaseFiles, toNumber, withDatabase, withTransaction } from '../db/database.js';
import { DEFAULTS } from '../defaults.js';
import {
  exactlyOneOf,
  generateInterrupted,
  notInteger,
  notOneOf,
  notPositiveInteger,
  tableExists,
} from '../errors/index.js';
import { faultPoint } from '../faults.js';
import { checkOutputFile, writeOutputFile } from '../files/output-file.js';
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
  /**
   * Drop an existing table of the same name first, or replace an existing `parquetPath` (never a
   * DuckDB database or a directory); otherwise either is an error.
   */
  readonly replace?: boolean;
  readonly growthRate?: number;
  readonly colaRate?: number;
  /** The snapshot's shape: `default`, or `planwise` (the 47 columns of the real model); see profiles.ts. */
  readonly profile?: GenerateProfile;
  /** Aborted (with the signal's name as reason) to stop: what was written is rolled back or removed. */
  readonly signal?: AbortSignal;
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

/** The year steps, after the table is created: the census year, then each later one. */
async function generateYears(
  connection: DuckDBConnection,
  options: GenerateOptions,
  table: TableName,
  stop: () => void,
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
  years.push({ ...(await summarize(connection, options.startYear, censusRows)), hires: options.employees });

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
    years.push(await summarize(connection, year, rows));
  }
  return years;
}

/**
 * A deterministic synthetic workforce: the same seed, sizes and DuckDB version give the same rows.
 * Each year is one set-based step over the whole workforce, so 1M employees take seconds.
 * Everything is decided before anything is written: a failure or a signal (`signal` aborts the
 * statement in progress) leaves an existing database as it was, and removes a database file or a
 * Parquet file this call was creating.
 */
export async function generateWorkforce(options: GenerateOptions): Promise<GenerateSummary> {
  validate(options);
  const startedAt = performance.now();
  const replace = options.replace ?? false;
  const parquetPath =
    options.parquetPath === undefined ? undefined : checkOutputFile('parquetPath', options.parquetPath, replace);
  const path = options.db ?? ':memory:';
  const created = options.db !== undefined && !existsSync(options.db);
  const table = TableName.parse(options.table);
  const { signal } = options;
  const stop = () => {
    if (signal?.aborted) throw generateInterrupted(String(signal.reason));
  };
  try {
    return await withDatabase(path, {}, async (connection) => {
      const interrupt = () => connection.interrupt();
      signal?.addEventListener('abort', interrupt, { once: true });
      try {
        // Into an existing database in one transaction, so that a failure leaves it as it was. A file
        // this call creates is removed instead, which spares the transaction's memory (measured at
        // 3M employees x 3 years: 1.26 GB peak without it, 1.76 GB with it, in the same time).
        const atomically = <T>(fn: () => Promise<T>) =>
          created || options.db === undefined ? fn() : withTransaction(connection, fn);
        const { years, totals } = await atomically(async () => {
          if ((await relationKind(connection, table)) !== undefined) {
            if (!replace) throw tableExists(options.table, path);
            await exec(connection, sql.tableDrop(table));
          }
          const steps = await generateYears(connection, options, table, stop);
          const counted = await one<{ rows: bigint; employees: bigint }>(connection, sql.generateTotals(table));
          // The last moment to stop: once committed, the database keeps the table whatever comes.
          stop();
          return { years: steps, totals: counted };
        });
        const copy = (partial: string) => exec(connection, sql.copyToFile(table.sql, partial, 'parquet'));
        if (parquetPath !== undefined) await writeOutputFile('parquetPath', parquetPath, replace, copy);
        const seconds = (performance.now() - startedAt) / 1000;
        return { rows: toNumber(totals.rows), employees: toNumber(totals.employees), years, seconds };
      } finally {
        signal?.removeEventListener('abort', interrupt);
      }
    });
  } catch (error) {
    if (created) removeDatabaseFiles(path);
    // The statement a signal interrupted fails with DuckDB's own error: say what happened instead.
    throw signal?.aborted ? generateInterrupted(String(signal.reason)) : error;
  }
}
