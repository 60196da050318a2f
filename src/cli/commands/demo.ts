import type { Command } from 'commander';
import { existsSync, rmSync } from 'node:fs';
import { checkDemoFile } from '../../coordinator/demo-check.js';
import { runScd } from '../../coordinator/run.js';
import { DEFAULTS } from '../../defaults.js';
import { ExitCode } from '../../errors/index.js';
import { generateWorkforce } from '../../generate/generate.js';
import { checkHistory } from '../../history/check.js';
import { makeDemoDir, removeKilledDemos } from '../demo-dir.js';
import { type CommandContext, createLogger, logLevelOption } from '../io.js';
import { formatCheckReport, formatGenerateSummary, formatRunReport, progressPrinter } from '../output.js';
import { parseIntegerOrAuto, parseInteger } from '../parse.js';

export function demoCommand(program: Command, { io, setExit, signal }: CommandContext): void {
  program
    .command('demo')
    .description('generate a workforce, run every year and check the history, in a temporary database')
    .option('--employees <n>', 'employees in the starting census', parseInteger, DEFAULTS.demo.employees)
    .option('--years <n>', 'number of years', parseInteger, DEFAULTS.demo.years)
    .option('--chunks <n|auto>', 'hash-range chunks per period', parseIntegerOrAuto, DEFAULTS.chunks)
    .option('--workers <n>', 'worker threads', parseInteger, DEFAULTS.workers)
    .option('--db <file>', 'keep the database at this path instead of a temporary one')
    .option('--replace', 'with --db: replace the snapshot table if the file already has one')
    .addOption(logLevelOption())
    .action(async (flags) => {
      const logger = createLogger(io, flags.logLevel);
      for (const dir of removeKilledDemos()) {
        logger.warn({ dir }, 'removed the temporary directory of a demo that was killed');
      }
      const { dir, db }: { dir?: string; db: string } = flags.db === undefined ? makeDemoDir() : { db: flags.db };
      const g = DEFAULTS.generate;
      // The demo's own history, named: a file holding other histories must not make its run choose.
      const table = { sourceTable: g.table, targetTable: DEFAULTS.table.targetTable };
      try {
        // Everything decided before the snapshot is written: a refusal after it would leave it replaced.
        if (dir === undefined && existsSync(db)) await checkDemoFile(db, table);
        io.stdout(`generating ${flags.employees} employees x ${flags.years} years into ${db}\n`);
        const summary = await generateWorkforce({
          db,
          table: g.table,
          employees: flags.employees,
          startYear: g.startYear,
          years: flags.years,
          seed: g.seed,
          // A temporary database is the demo's own; a file the user named is replaced only on request.
          replace: dir !== undefined || Boolean(flags.replace),
          signal,
        });
        io.stdout(formatGenerateSummary(summary));
        const report = await runScd({
          db,
          table,
          selection: { kind: 'all' },
          chunks: flags.chunks,
          workers: flags.workers,
          signal,
          logger,
          ...(io.isTerminal && { onProgress: progressPrinter(io.stderr) }),
        });
        io.stdout(formatRunReport(report));
        const check = await checkHistory({ db, table: { targetTable: table.targetTable } });
        io.stdout(formatCheckReport(check));
        if (!check.ok) setExit(ExitCode.checkFailed);
      } finally {
        if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
      }
    });
}
