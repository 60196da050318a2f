import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lakeHistoryInUse } from '../errors/index.js';
import { processAlive } from '../files/process.js';
import { LakeCatalog, type TableName } from '../sql/index.js';

/** Where this machine's lake writers hold their claims. */
const CLAIMS = join(tmpdir(), 'scd-parallel-lake-writers');

/**
 * One writer per history in a lake, as the file's lock gives one per file: a run removes the files
 * a killed writer of its history left (lake-orphans.ts), which would be a live writer's files, not
 * yet committed, if two wrote at once. A claim is a file created exclusively, naming its process; a
 * claim whose process is gone was a killed run's, and is taken over. Writers on other machines (a
 * PostgreSQL catalog) are the orchestrator's to keep apart, as Dagster's partitions are. Returns
 * the release.
 */
export function claimLakeHistory(catalog: string, target: TableName): () => void {
  mkdirSync(CLAIMS, { recursive: true });
  const key = `${LakeCatalog.parse(catalog).attachTarget.sql}\0${target.canonical}`;
  const file = join(CLAIMS, `${createHash('sha256').update(key).digest('hex').slice(0, 24)}.pid`);
  for (;;) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number(readFileSync(file, 'utf8'));
    // A claim being written reads empty (NaN): its writer is alive.
    if (Number.isNaN(holder) || holder === 0 || processAlive(holder))
      throw lakeHistoryInUse(target.text, catalog, holder);
    rmSync(file, { force: true });
  }
}
