import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runScd } from '../src/api/run.js';
import { exec, openInstance } from '../src/db/database.js';
import { applySides } from '../src/engine/2-change-sets/strategy.js';
import { inspectSource } from '../src/history/source-inspection.js';
import { DEFAULT_TABLE_CONFIG } from '../src/options/table-config.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { HistorySpec, ident, parquetFiles, type Statement, sql, subquery } from '../src/sql/index.js';
import { countChangeSet } from '../src/workers/change-set.js';
import { CACHE_DIR, cachedWorkforce, removeScratch, START_YEAR, scratchCopy } from './workforce.js';

/**
 * npm run bench:profile: where one year step goes, by DuckDB's own profiler rather than guesses.
 * The periods before the profiled one are applied by the engine (untimed); then the profiled
 * period's statements, the engine's own from src/sql in the order of its period transaction (the
 * coordinator's export for the workers and a worker's change set, the change set as the inline
 * path computes it, close, insert, check, commit), run one by one in one transaction with
 * `enable_profiling = 'json'`.
 * Each statement's wall time and its costliest operators (summed thread time) go to
 * bench/results/<date>-profile-<cores>core-<GiB>gb.md.
 */
const { values: args } = parseArgs({
  options: {
    employees: { type: 'string', default: '1000000' },
    years: { type: 'string', default: '10' },
    out: { type: 'string', default: join(PACKAGE_ROOT, 'bench', 'results') },
  },
});

interface ProfileNode {
  operator_name?: string;
  operator_timing?: number;
  operator_cardinality?: number;
  children?: ProfileNode[];
}

function operators(node: ProfileNode): Map<string, { seconds: number; rows: number }> {
  const totals = new Map<string, { seconds: number; rows: number }>();
  const visit = (n: ProfileNode) => {
    if (n.operator_name !== undefined) {
      const t = totals.get(n.operator_name) ?? { seconds: 0, rows: 0 };
      totals.set(n.operator_name, {
        seconds: t.seconds + (n.operator_timing ?? 0),
        rows: Math.max(t.rows, n.operator_cardinality ?? 0),
      });
    }
    for (const child of n.children ?? []) visit(child);
  };
  visit(node);
  return totals;
}

const employees = Number(args.employees);
const years = Number(args.years);
const period = START_YEAR + years - 1;
const db = scratchCopy(await cachedWorkforce(employees, years));
await runScd({ db, selection: { kind: 'range', from: START_YEAR, to: period - 1, exact: false } });

const untyped = new HistorySpec(DEFAULT_TABLE_CONFIG);
const profileFile = join(CACHE_DIR, 'profile.json');
const exportDir = join(CACHE_DIR, 'profile-export');
const effective_date = `${period}-12-31`;
const lines: string[] = [];
const instance = await openInstance(db);
try {
  const connection = await instance.connect();
  try {
    // Its hashes need the source's key and tracked columns' types, read as the engine reads them.
    const spec = untyped.typed((await inspectSource(connection, untyped)).types);
    const profiled = async (name: string, statement: Statement, params: Record<string, string | number> = {}) => {
      rmSync(profileFile, { force: true });
      await connection.run(`PRAGMA enable_profiling = 'json'; PRAGMA profiling_output = '${profileFile}'`);
      const startedAt = performance.now();
      await connection.run(statement.text, params);
      const seconds = (performance.now() - startedAt) / 1000;
      await connection.run('PRAGMA disable_profiling');
      const top = [...operators(JSON.parse(readFileSync(profileFile, 'utf8')) as ProfileNode).entries()]
        .sort((a, b) => b[1].seconds - a[1].seconds)
        .slice(0, 4)
        .map(([op, t]) => `${op} ${t.seconds.toFixed(3)} s (${t.rows.toLocaleString('en-US')} rows)`);
      lines.push(`| ${name} | ${seconds.toFixed(3)} | ${top.join('; ')} |`);
    };
    // The workers' side with one chunk, as the engine runs it: the snapshot's (key, hash) pairs to
    // one file, then a worker's change set against the previous snapshot's file (here the current
    // versions', exported unprofiled), copied from the join straight to Parquet.
    rmSync(exportDir, { recursive: true, force: true });
    mkdirSync(exportDir, { recursive: true });
    const [snapshotFile, currentFile, changesFile] = ['snapshot', 'current', 'changes'].map((f) =>
      join(exportDir, `${f}.parquet`),
    ) as [string, string, string];
    await profiled(
      'export of the snapshot (workers, overlapped)',
      sql.copyToExchange(subquery(sql.periodHashes(spec)), snapshotFile),
      { period },
    );
    await exec(connection, sql.copyToExchange(subquery(sql.currentHashes(spec)), currentFile));
    await profiled(
      'change set in a worker (overlapped)',
      sql.copyToExchange(
        subquery(sql.changeSet(1, parquetFiles([snapshotFile]), parquetFiles([currentFile]))),
        changesFile,
      ),
    );
    await connection.run('BEGIN');
    await profiled(
      'change set (inline)',
      sql.changeSetTable(
        'scd_profile_changes',
        sql.changeSet(1, subquery(sql.periodHashes(spec)), subquery(sql.currentHashes(spec))),
      ),
      { period },
    );
    const changes = ident('scd_profile_changes');
    const counts = await countChangeSet(connection, changes, subquery(sql.periodHashes(spec)), { period });
    const sides = applySides(counts, spec.config.hardDeletes);
    await profiled(
      `close ${counts.changedVersions + counts.removedVersions} versions (through the ${sides.close} keys)`,
      sql.closeVersions(spec, changes, sides.close),
      { effective_date },
    );
    await profiled(
      `insert ${counts.newVersions + counts.changedVersions} versions (through the ${sides.insert} keys)`,
      sql.insertVersions(spec, changes, sides.insert),
      { effective_date, period, updated_at: '2026-01-01 00:00:00' },
    );
    await profiled('check', sql.verifyApply(spec, true), { effective_date, period });
    const startedAt = performance.now();
    await connection.run('COMMIT');
    lines.push(`| commit | ${((performance.now() - startedAt) / 1000).toFixed(3)} | - |`);
  } finally {
    connection.closeSync();
  }
} finally {
  instance.closeSync();
  rmSync(exportDir, { recursive: true, force: true });
  rmSync(profileFile, { force: true });
  removeScratch();
}

const machine =
  `${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} ` +
  `cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const markdown = [
  `## Where a year step goes: ${employees.toLocaleString('en-US')} employees, period ${period}`,
  '',
  `Machine: ${machine}. DuckDB's profiler (\`enable_profiling = 'json'\`) on each statement of the period's ` +
    `transaction, run alone after ${years - 1} periods applied by the engine. Seconds: the statement's wall ` +
    `time; operators: DuckDB's own timing, summed over threads (so it can exceed the wall time on 2 cores).`,
  '',
  '| statement | seconds | costliest operators (thread time) |',
  '|---|---:|---|',
  ...lines,
  '',
].join('\n');
const date = new Date().toISOString().slice(0, 10);
mkdirSync(args.out, { recursive: true });
writeFileSync(
  join(args.out, `${date}-profile-${cpus().length}core-${Math.round(totalmem() / 2 ** 30)}gb.md`),
  markdown,
);
process.stdout.write(markdown);
