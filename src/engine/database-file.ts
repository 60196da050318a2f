import { accessSync, constants, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DEFAULTS } from '../defaults.js';
import { databaseMissing, notWritable } from '../errors/index.js';
import type { SessionSettings } from '../options/session-options.js';
import { parseSource } from '../sql/index.js';

/**
 * DuckDB writes the file and a .wal beside it; say so before it fails halfway. A missing file is
 * a mistyped path, unless the snapshots are Parquet files: then the database holds only the
 * history, and this run creates it (true); with a lake, the history is there and no file is made.
 */
export function checkWritable(settings: SessionSettings): boolean {
  const db = settings.db;
  const create = !existsSync(db);
  const fromFiles = () => parseSource(settings.table.sourceTable ?? DEFAULTS.table.sourceTable).kind === 'files';
  if (create && (settings.instance !== undefined || !fromFiles())) throw databaseMissing(db);
  // A lake run only reads the file, for a table source; the history is written to the lake.
  if (settings.lake !== undefined) return false;
  const directory = ['database directory', dirname(resolve(db))] as const;
  for (const [what, path] of [...(create ? [] : [['database', db] as const]), directory]) {
    try {
      accessSync(path, constants.W_OK);
    } catch {
      throw notWritable(what, path);
    }
  }
  return create;
}
