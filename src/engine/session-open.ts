import { join } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { openInstance, removeDatabaseFiles } from '../db/database.js';
import { connect } from '../db/lake.js';
import { DEFAULTS } from '../defaults.js';
import { removeCreatedDirectories } from '../files/dirs.js';
import type { SessionSettings } from '../options/session-options.js';
import { checkWritable } from './database-file.js';
import { createRunDirectory, removeDeadRuns, removeLeftovers, takeLease, tempRootFor } from './temp-files.js';

/** The spill directory's name, under the temp root (the file's) or the run directory (a lake writer's). */
export const SPILL = 'spill';

/** What a RunSession owns, acquired in order by openResources. */
export interface SessionResources {
  readonly instance: DuckDBInstance;
  readonly connection: DuckDBConnection;
  readonly exportConnection: DuckDBConnection;
  readonly tempRoot: string;
  readonly runDirectory: string;
  /** The directories this run made for its temporary files, the run directory last. */
  readonly made: readonly string[];
  /** Whether this run created the database file. */
  readonly created: boolean;
}

/** Opens the instance and two connections and makes the run directory; on failure, releases what it took. */
export async function openResources(settings: SessionSettings, withPool: boolean): Promise<SessionResources> {
  const created = checkWritable(settings);
  const tempRoot = tempRootFor(settings.db, settings.tempDirectory);
  // The database file's lone writer owns its temp root; a lake's writers share theirs (see removeDeadRuns).
  const sole = settings.instance === undefined && settings.lake === undefined;
  const memoryLimitBytes = Math.floor(settings.memoryLimitBytes * (withPool ? DEFAULTS.coordinatorMemoryShare : 1));
  const spill = join(tempRoot, SPILL);
  const connections: DuckDBConnection[] = [];
  let instance: DuckDBInstance | undefined;
  let made: string[] = [];
  const own = (tempDirectory: string) =>
    openInstance(settings.db, { memoryLimitBytes, tempDirectory, lake: settings.lake });
  try {
    if (settings.lake === undefined) {
      // Opened first: holding the file read-write is what makes its temp root's contents leftovers.
      instance = settings.instance ?? (await own(spill));
      if (sole) removeLeftovers(settings.db, tempRoot, SPILL, settings.logger);
    } else removeDeadRuns(tempRoot, settings.logger);
    // The lease only once the directory it names is usable: a run refused for its temp dir leaves none.
    const run = createRunDirectory(tempRoot);
    made = run.created;
    // Each lake writer's DuckDB spills in its own run directory: two instances must not share one.
    instance ??= await own(join(run.dir, SPILL));
    connections.push(await connect(instance), await connect(instance));
    if (sole) takeLease(settings.db, tempRoot);
    const [connection, exportConnection] = connections as [DuckDBConnection, DuckDBConnection];
    return { instance, connection, exportConnection, tempRoot, runDirectory: run.dir, made, created };
  } catch (error) {
    for (const c of connections) c.closeSync();
    if (settings.instance === undefined) instance?.closeSync();
    removeCreatedDirectories(made);
    if (created) removeDatabaseFiles(settings.db);
    throw error;
  }
}
