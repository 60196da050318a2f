import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { DEFAULTS } from '../../defaults.js';
import { ExitCode } from '../../errors/index.js';
import { reportHistory } from '../../history/report.js';
import { reportPage } from '../../monitoring/html.js';
import type { CommandContext } from '../io.js';
import { formatHistoryReport } from '../output.js';
import { parseInteger } from '../parse.js';
import { readOnlyCommand } from './read-only.js';

export function reportCommand(program: Command, context: CommandContext): void {
  readOnlyCommand<Awaited<ReturnType<typeof reportHistory>>, { db: string; json?: boolean; runs: number; html?: string }>(program, context, {
    name: 'report',
    description: 'show the history, the periods that built it, and its runs: phase latency, throughput, integrity, SLA compliance',
    options: (command) =>
      command
        .option('--runs <n>', 'recent runs SLA compliance is measured over', parseInteger, DEFAULTS.reportRuns)
        .option('--html <file>', 'also write a self-contained HTML page with charts'),
    read: async (flags, table) => {
      const report = await reportHistory({ db: flags.db, table, runs: flags.runs });
      if (flags.html !== undefined) writeFileSync(flags.html, reportPage(report));
      return report;
    },
    format: formatHistoryReport,
    exitCode: () => ExitCode.ok,
  });
}
