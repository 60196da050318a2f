import { existsSync, rmSync } from 'node:fs';
import type { Logger } from 'pino';
import { readHome, relationKind } from '../db/catalog.js';
import { withDatabase } from '../db/database.js';
import { DEFAULTS } from '../defaults.js';
import { demoSourceRead, demoTargetTaken } from '../errors/index.js';
import { makeDemoDir, removeKilledDemos } from '../files/demo-dir.js';
import { asOfMacroInstalled } from '../history/as-of-macro.js';
import type { CheckReport } from '../history/checks.js';
import { ledgerExists } from '../history/ledger.js';
import { readSettings } from '../history/settings.js';
import type { ProgressEvent } from '../model/progress.js';
import type { RunReport } from '../model/run-report.js';
import { checkMonitoringTables } from '../monitoring/record.js';
import { layerTableConfig, type TableLayer } from '../options/table-config.js';
import { HistorySpec, parseSource } from '../sql/index.js';
import { checkHistory } from './check.js';
import { type GenerateProgress, type GenerateSummary, generateWorkforce } from './generate.js';
import { runScd } from './run.js';
import { exampleKey } from './show.js';

export interface DemoOptions {
  readonly employees: number;
  readonly years: number;
  readonly chunks?: number | 'auto';
  readonly workers?: number;
  /** A database to keep, instead of a temporary one the demo removes when it ends. */
  readonly db?: string;
  /** With `db`: replace the snapshot table the file already has. */
  readonly replace?: boolean;
  readonly logger?: Logger;
  readonly onProgress?: (event: ProgressEvent) => void;
  /** Told of each year the demo generates. */
  readonly onGenerateProgress?: (progress: GenerateProgress) => void;
  /** Told of each step as it comes, for a caller that shows the demo as it goes. */
  readonly onStep?: (step: DemoStep) => void;
  readonly signal?: AbortSignal;
}

/** The demo's steps: where it generates (before it does), then what each step reported. */
export type DemoStep =
  | { readonly kind: 'generating'; readonly db: string; readonly employees: number; readonly years: number }
  | { readonly kind: 'generated'; readonly summary: GenerateSummary }
  | { readonly kind: 'ran'; readonly report: RunReport }
  | { readonly kind: 'checked'; readonly report: CheckReport };

export interface DemoReport {
  readonly db: string;
  /** Whether `db` is left for the user (`db` given), or was a temporary database now removed. */
  readonly kept: boolean;
  /** A key of the history worth `show`ing, each key column's value as text. */
  readonly exampleKey: Readonly<Record<string, string>>;
  readonly generated: GenerateSummary;
  readonly run: RunReport;
  readonly check: CheckReport;
}

/** The demo's own snapshot table and history. */
type DemoTable = TableLayer & { readonly sourceTable: string; readonly targetTable: string };

/**
 * Everything `demo --db FILE` would be refused for in an existing file, decided before it writes:
 * its snapshot table is replaced only when no recorded history reads it (those histories would no
 * longer match their source), its history is one of its own (no table, view or recorded history
 * of that name), and nothing its run checks before writing is in the way (a user's as-of macro or
 * monitoring table of the engine's names, a ledger of an earlier version). Read-only.
 */
async function checkDemoFile(db: string, table: DemoTable): Promise<void> {
  await withDatabase(db, { readOnly: true }, async (connection) => {
    const home = await readHome(connection);
    const spec = new HistorySpec(layerTableConfig(table), home);
    const histories = await readSettings(connection);
    const readers = histories.filter((h) => parseSource(h.config.sourceTable, home).sameAs(spec.source));
    if (readers.length > 0)
      throw demoSourceRead(
        spec.source.text,
        readers.map((h) => h.config.targetTable),
      );
    const recorded = histories.some((h) => h.target === spec.target.canonical);
    const kind = (await relationKind(connection, spec.target)) ?? (recorded ? 'recorded history' : undefined);
    if (kind !== undefined) throw demoTargetTaken(spec.target.text, kind);
    await checkMonitoringTables(connection, spec);
    await asOfMacroInstalled(connection, spec);
    await ledgerExists(connection);
  });
}

/**
 * `scd-parallel demo`: generates a workforce, runs every year and checks the history, in a
 * temporary database (removed when the demo ends; a killed demo's, by the next demo) or in `db`.
 */
export async function runDemo(options: DemoOptions): Promise<DemoReport> {
  for (const dir of removeKilledDemos()) {
    options.logger?.warn({ dir }, 'removed the temporary directory of a demo that was killed');
  }
  const { dir, db }: { dir?: string; db: string } = options.db === undefined ? makeDemoDir() : { db: options.db };
  const g = DEFAULTS.generate;
  // The demo's own history, named: a file holding other histories must not make its run choose.
  const table = { sourceTable: g.table, targetTable: DEFAULTS.table.targetTable };
  const { employees, years, signal } = options;
  try {
    // Everything decided before the snapshot is written: a refusal after it would leave it replaced.
    if (dir === undefined && existsSync(db)) await checkDemoFile(db, table);
    options.onStep?.({ kind: 'generating', db, employees, years });
    const generated = await generateWorkforce({
      db,
      table: g.table,
      employees,
      startYear: g.startYear,
      years,
      seed: g.seed,
      // A temporary database is the demo's own; a file the user named is replaced only on request.
      replace: dir !== undefined || Boolean(options.replace),
      signal,
      onProgress: options.onGenerateProgress,
    });
    options.onStep?.({ kind: 'generated', summary: generated });
    const run = await runScd({
      db,
      table,
      selection: { kind: 'all' },
      chunks: options.chunks,
      workers: options.workers,
      signal,
      logger: options.logger,
      onProgress: options.onProgress,
    });
    options.onStep?.({ kind: 'ran', report: run });
    const check = await checkHistory({ db, table: { targetTable: table.targetTable } });
    options.onStep?.({ kind: 'checked', report: check });
    // Read before a temporary database goes: the same options and --db give the same history.
    const key = await exampleKey({ db, table: { targetTable: table.targetTable } });
    return { db, kept: dir === undefined, exampleKey: key, generated, run, check };
  } finally {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }
}
