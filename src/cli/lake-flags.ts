import type { Command } from 'commander';
import type { LakeSettings } from '../db/lake.js';
import { missingOption } from '../errors/index.js';
import { parseInteger } from './parse.js';

/** The flags of a history in a DuckLake, shared by every command that works on one. */
export interface LakeFlags {
  lake?: string;
  lakeData?: string;
  extensionDir?: string;
  /** A reader's: the lake as a run, or a snapshot, left it. */
  run?: string;
  snapshot?: number;
}

/** Where DuckDB finds the extensions when --extension-dir is not given. */
export const EXTENSION_DIR_VARIABLE = 'SCD_EXTENSION_DIR';

export function withLakeFlags(command: Command): Command {
  return command
    .option('--lake <catalog>', 'keep the history in a DuckLake: sqlite:FILE, postgres:LIBPQ, or a DuckDB file')
    .option('--lake-data <path>', "a new lake's data directory or object-storage URL (the lake records it)")
    .option(
      '--extension-dir <dir>',
      `DuckDB's extension directory holding ducklake (default $${EXTENSION_DIR_VARIABLE}, else DuckDB's own)`,
    );
}

/** A reader's flags: the lake as it was. */
export function withLakeTimeFlags(command: Command): Command {
  return command
    .option('--run <id>', 'with --lake: read the history as the run RUN_ID left it (its last commit)')
    .option('--snapshot <n>', "with --lake: read the history at the lake's snapshot N", parseInteger);
}

/** The lake the flags name, or undefined: the history is in the --db file. */
export function lakeFrom(flags: LakeFlags, env: NodeJS.ProcessEnv = process.env): LakeSettings | undefined {
  if (flags.lake === undefined) {
    const given = (['lakeData', 'run', 'snapshot'] as const).find((f) => flags[f] !== undefined);
    if (given !== undefined) throw missingOption('lake', given === 'lakeData' ? 'lake.dataPath' : `lake.${given}`);
    return undefined;
  }
  const extensionDirectory = flags.extensionDir ?? (env[EXTENSION_DIR_VARIABLE] || undefined);
  return {
    catalog: flags.lake,
    ...(flags.lakeData !== undefined && { dataPath: flags.lakeData }),
    ...(extensionDirectory !== undefined && { extensionDirectory }),
    ...(flags.run !== undefined && { run: flags.run }),
    ...(flags.snapshot !== undefined && { snapshot: flags.snapshot }),
  };
}
