import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { reportHistory } from '../../api/report.js';
import { DEFAULTS } from '../../defaults.js';
import { ExitCode } from '../../errors/index.js';
import { checkOutputFile, writeOutputFile } from '../../files/output-file.js';
import { reportPage } from '../../monitoring/page/html.js';
import type { CommandContext } from '../io.js';
import { formatHistoryReport } from '../output.js';
import { parseInteger } from '../parse.js';
import { readOnlyCommand } from './read-only.js';

export function reportCommand(program: Command, context: CommandContext): void {
  readOnlyCommand<
    Awaited<ReturnType<typeof reportHistory>>,
    { db: string; json?: boolean; runs: number; html?: string }
  >(program, context, {
    name: 'report',
    description:
      'show the history, the periods that built it, and its runs: phase latency, throughput, integrity, SLA compliance',
    options: (command) =>
      command
        .option('--runs <n>', 'recent runs SLA compliance is measured over', parseInteger, DEFAULTS.reportRuns)
        .option('--html <file>', 'also write a self-contained HTML page with charts'),
    read: async (flags, from) => {
      // An earlier page of the same name is replaced; a database or a directory never.
      const html = flags.html === undefined ? undefined : checkOutputFile('html', flags.html, true);
      const report = await reportHistory({ ...from, runs: flags.runs, historyFigures: html !== undefined });
      if (html !== undefined) {
        await writeOutputFile('html', html, true, async (partial) => writeFileSync(partial, reportPage(report)));
      }
      return report;
    },
    format: formatHistoryReport,
    exitCode: () => ExitCode.ok,
  });
}
