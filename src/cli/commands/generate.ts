import type { Command } from 'commander';
import { generateWorkforce } from '../../api/generate.js';
import { DEFAULTS } from '../../defaults.js';
import { GENERATE_PROFILES, type GenerateProfile } from '../../generate/profiles.js';
import type { CommandContext } from '../io.js';
import { formatGenerateSummary } from '../output.js';
import { parseInteger } from '../parse.js';
import { generateProgressPrinter, onTerminal } from '../progress.js';

const g = DEFAULTS.generate;

export function generateCommand(program: Command, { io, signal }: CommandContext): void {
  program
    .command('generate')
    .description('generate a deterministic synthetic multi-year workforce')
    .option('--db <file>', 'DuckDB file to write the snapshot table into')
    .option('--parquet <file>', 'write a Parquet file instead')
    .option('--table <name>', 'snapshot table name', g.table)
    .option('--employees <n>', 'employees in the starting census', parseInteger, g.employees)
    .option('--start-year <year>', 'first simulation year', parseInteger, g.startYear)
    .option('--years <n>', 'number of years', parseInteger, g.years)
    .option('--seed <n>', 'random seed', parseInteger, g.seed)
    .option(
      '--profile <name>',
      `snapshot shape: ${GENERATE_PROFILES.join('|')} (planwise: the 47 columns of planwise_navigator's)`,
      g.profile,
    )
    .option('--replace', 'replace an existing table of that name, or an existing --parquet file (never a database)')
    .option('--json', 'print the summary as JSON')
    .action(async (flags) => {
      const summary = await generateWorkforce({
        db: flags.db,
        parquetPath: flags.parquet,
        table: flags.table,
        employees: flags.employees,
        startYear: flags.startYear,
        years: flags.years,
        seed: flags.seed,
        profile: flags.profile as GenerateProfile,
        replace: flags.replace,
        signal,
        onProgress: onTerminal(io, generateProgressPrinter),
      });
      io.stdout(flags.json ? `${JSON.stringify(summary)}\n` : formatGenerateSummary(summary));
    });
}
