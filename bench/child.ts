import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { runScd } from '../src/api/run.js';
import { describeSource } from '../src/db/catalog.js';
import { all, exec, withDatabase } from '../src/db/database.js';
import type { LakeSettings } from '../src/db/lake.js';
import { applySides } from '../src/engine/2-change-sets/strategy.js';
import { inspectSource } from '../src/history/source-inspection.js';
import { DEFAULT_TABLE_CONFIG } from '../src/options/table-config.js';
import { HistorySpec, ident, sql, subquery } from '../src/sql/index.js';
import { computeChangeSet } from '../src/workers/change-set.js';
import { lakeBeside } from './lake.js';
import { naiveRebuild } from './naive.js';
import type { BenchResult, BenchSpec } from './spec.js';

const config = DEFAULT_TABLE_CONFIG;

/** `spec` with its source's key and tracked columns' types, which its hashes need, read as the engine reads them. */
async function typed(connection: DuckDBConnection, spec: HistorySpec): Promise<HistorySpec> {
  return spec.typed((await inspectSource(connection, spec)).types);
}

/**
 * hash of every history column but dbt_updated_at, summed: equal tables give equal fingerprints. Read as the
 * engine's readers read it, so a history in a lake (`lake`) is read from the lake, `db` attached beside it.
 */
async function fingerprint(db: string, table: string, lake?: LakeSettings): Promise<string> {
  return withDatabase(db, { readOnly: true, lake }, async (connection) => {
    const columns = (
      await connection.runAndReadAll(
        `SELECT column_name FROM duckdb_columns() WHERE table_name = '${table}' ` +
          'AND database_name = current_database() ORDER BY column_index',
      )
    )
      .getRowObjectsJS()
      .map((r) => String(r.column_name))
      .filter((c) => c !== 'dbt_updated_at');
    const row = (
      await connection.runAndReadAll(
        `SELECT count(*) AS n, sum(hash(${columns.map((c) => ident(c).sql).join(', ')})) ` +
          `AS h FROM ${ident(table).sql}`,
      )
    ).getRowObjectsJson()[0];
    return `${row?.n}:${row?.h}`;
  });
}

/** Runs `step` once per year on one connection, timing each; returns the seconds and what each step returned. */
async function timedPerYear(
  db: string,
  years: readonly number[],
  step: (connection: DuckDBConnection, year: number) => Promise<number>,
  options: { checkpoint?: boolean; memoryLimitBytes?: number } = {},
): Promise<{ seconds: Record<string, number>; values: Record<string, number> }> {
  const instance = await DuckDBInstance.create(
    db,
    options.memoryLimitBytes === undefined ? {} : { memory_limit: `${options.memoryLimitBytes}B` },
  );
  try {
    const connection = await instance.connect();
    try {
      const seconds: Record<string, number> = {};
      const values: Record<string, number> = {};
      for (const year of years) {
        const startedAt = performance.now();
        values[year] = await step(connection, year);
        seconds[year] = (performance.now() - startedAt) / 1000;
      }
      if (options.checkpoint) await connection.run('CHECKPOINT');
      return { seconds, values };
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

async function run(spec: BenchSpec): Promise<BenchResult> {
  const maxRssKb = () => process.resourceUsage().maxRSS;
  switch (spec.kind) {
    case 'engine': {
      const years = spec.years;
      const lake = spec.lake === undefined ? undefined : lakeBeside(spec.db, spec.lake);
      const report = await runScd({
        db: spec.db,
        selection:
          years === undefined
            ? { kind: 'all' }
            : { kind: 'range', from: Math.min(...years), to: Math.max(...years), exact: false },
        chunks: spec.chunks,
        workers: spec.workers,
        inline: spec.inline,
        fullRefresh: spec.fullRefresh,
        memoryLimitBytes: spec.memoryLimitBytes,
        verify: spec.verify,
        lake,
      });
      const { mode, versions, seconds } = report.verification;
      return {
        verification: { mode, versions, seconds },
        yearSeconds: Object.fromEntries(report.periods.map((p) => [p.period, p.seconds])),
        yearRows: Object.fromEntries(report.periods.map((p) => [p.period, p.rowsRead])),
        yearPhases: Object.fromEntries(report.periods.map((p) => [p.period, p.phases])),
        totalSeconds: report.totals.seconds,
        rowsRead: report.periods.reduce((sum, p) => sum + p.rowsRead, 0),
        maxRssKb: maxRssKb(),
        chunkP99Micros:
          report.changeSets === 'workers' && report.mode === 'incremental'
            ? report.totals.chunkLatency.p99Micros
            : null,
        fingerprint: await fingerprint(spec.db, config.targetTable, lake),
      };
    }
    case 'naive': {
      // The seed's approach: every year, the whole history again from every snapshot so far.
      const untyped = new HistorySpec({ ...config, targetTable: 'scd_naive' });
      const startedAt = performance.now();
      const { seconds } = await timedPerYear(spec.db, spec.years, async (connection, year) => {
        const naive = await typed(connection, untyped);
        const columns = (await describeSource(connection, naive.source)) ?? [];
        await connection.run(`DROP TABLE IF EXISTS ${naive.target.sql.sql}`);
        await exec(connection, sql.targetCreate(naive, columns));
        await connection.run(naiveRebuild(naive), { year });
        return 0;
      });
      return {
        yearSeconds: seconds,
        yearRows: {},
        totalSeconds: (performance.now() - startedAt) / 1000,
        rowsRead: 0,
        maxRssKb: maxRssKb(),
        chunkP99Micros: null,
        fingerprint: await fingerprint(spec.db, 'scd_naive'),
      };
    }
    case 'floor': {
      const untyped = new HistorySpec(config);
      let f: Record<string, { sql: string }> | undefined;
      const startedAt = performance.now();
      const { seconds, values } = await timedPerYear(spec.db, spec.years, async (connection, year) => {
        // Typed once, in the first year (about 2 ms).
        f ??= (await typed(connection, untyped)).fragments as Record<string, { sql: string }>;
        const sql =
          `SELECT count(*), sum(hash(${f.key?.sql}, ${f.hash?.sql})) ` +
          `FROM ${f.source?.sql} WHERE ${f.period?.sql} = $year`;
        return Number((await connection.runAndReadAll(sql, { year })).getRows()[0]?.[0] ?? 0);
      });
      return {
        yearSeconds: seconds,
        yearRows: values,
        totalSeconds: (performance.now() - startedAt) / 1000,
        rowsRead: Object.values(values).reduce((a, b) => a + b, 0),
        maxRssKb: maxRssKb(),
        chunkP99Micros: null,
        fingerprint: null,
      };
    }
    case 'apply-floor':
      return applyFloor(spec);
  }
}

/**
 * The minimal statement sequence of a year step, in the engine's own SQL: the change set by hash
 * join, the close and the insert through the smaller side, the commit; no check, no ledger, no
 * pool. The final checkpoint is timed, as the engine's is. What the engine adds is over this.
 */
async function applyFloor(spec: {
  db: string;
  years: readonly number[];
  memoryLimitBytes?: number;
}): Promise<BenchResult> {
  let floor = new HistorySpec({ ...config, targetTable: 'scd_apply_floor' });
  const startedAt = performance.now();
  let dates = new Map<number, string>();
  const { seconds, values } = await timedPerYear(
    spec.db,
    spec.years,
    async (connection, year) => {
      if (dates.size === 0) {
        floor = await typed(connection, floor);
        await exec(connection, sql.targetCreate(floor, (await describeSource(connection, floor.source)) ?? []));
        const periods = await all<{ period: unknown; effective_date: unknown }>(
          connection,
          sql.sourcePeriods(floor, false),
        );
        dates = new Map(periods.map((r) => [Number(r.period), String(r.effective_date)]));
      }
      await connection.run('BEGIN');
      const counts = await computeChangeSet(
        connection,
        1,
        subquery(sql.periodHashes(floor)),
        subquery(sql.currentHashes(floor)),
        { table: 'scd_floor_changes' },
        { period: year },
      );
      const sides = applySides(counts, floor.config.hardDeletes);
      const changes = ident('scd_floor_changes');
      const effective_date = dates.get(year) ?? '';
      await exec(connection, sql.closeVersions(floor, changes, sides.close), { effective_date });
      await exec(connection, sql.insertVersions(floor, changes, sides.insert), {
        effective_date,
        period: year,
        updated_at: '2000-01-01 00:00:00',
      });
      await connection.run('COMMIT');
      await exec(connection, sql.tableDrop('scd_floor_changes'));
      return counts.rowsRead;
    },
    { checkpoint: true, memoryLimitBytes: spec.memoryLimitBytes },
  );
  return {
    yearSeconds: seconds,
    yearRows: values,
    totalSeconds: (performance.now() - startedAt) / 1000,
    rowsRead: Object.values(values).reduce((a, b) => a + b, 0),
    maxRssKb: process.resourceUsage().maxRSS,
    chunkP99Micros: null,
    fingerprint: await fingerprint(spec.db, 'scd_apply_floor'),
  };
}

const spec = JSON.parse(process.argv[2] ?? '{}') as BenchSpec;
process.stdout.write(`${JSON.stringify(await run(spec))}\n`);
