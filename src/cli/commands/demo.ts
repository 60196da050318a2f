import type { Command } from 'commander';
import { runDemo } from '../../api/demo.js';
import { DEFAULTS } from '../../defaults.js';
import { ExitCode } from '../../errors/index.js';
import { type CommandContext, createLogger, logLevelOption } from '../io.js';
import { progressPrinter } from '../output.js';
import { formatDemoNext, formatDemoStep } from '../output-demo.js';
import { parseInteger, parseIntegerOrAuto } from '../parse.js';
import { generateProgressPrinter, onTerminal } from '../progress.js';

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
      const demo = await runDemo({
        employees: flags.employees,
        years: flags.years,
        chunks: flags.chunks,
        workers: flags.workers,
        db: flags.db,
        replace: flags.replace,
        signal,
        logger: createLogger(io, flags.logLevel),
        onProgress: onTerminal(io, progressPrinter),
        onGenerateProgress: onTerminal(io, generateProgressPrinter),
        onStep: (step) => io.stdout(formatDemoStep(step)),
      });
      io.stdout(formatDemoNext(demo, flags));
      if (!demo.check.ok) setExit(ExitCode.checkFailed);
    });
}
