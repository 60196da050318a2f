import { describeRelation } from '../db/catalog.js';
import { one, toNumber } from '../db/database.js';
import { notHistoryColumn } from '../errors/index.js';
import { faultPoint } from '../faults.js';
import { resolveExportDir } from '../history/export-check.js';
import { parquetFiles, replaceExportDir } from '../history/export-dir.js';
import { withReadOnlyHistory } from '../history/read-only.js';
import { sql } from '../sql/index.js';
import type { CheckOptions } from './check.js';

export interface ExportOptions extends CheckOptions {
  /**
   * The directory the export replaces: absent, or an earlier export holding only its own files,
   * neither inside nor containing another export. A symlink to one is written through.
   */
  readonly out: string;
  /**
   * The history column of the hive partitions (`col=value/`). By default the period column: a
   * version carries its first period's source row, so that is the first period of every version
   * (a tombstone keeps the closed version's), and the files read back as exactly the table.
   */
  readonly partitionBy?: string;
  /** Only the current versions. */
  readonly currentOnly?: boolean;
}

export interface ExportReport {
  readonly targetTable: string;
  /** Absolute, a symlinked `out` resolved. */
  readonly dir: string;
  readonly partitionBy: string;
  readonly currentOnly: boolean;
  readonly rows: number;
  readonly files: number;
  readonly bytes: number;
}

/**
 * `scd-parallel export`: the history as hive-partitioned zstd Parquet, every column (the virtual
 * ones computed), written beside `out` and renamed into place. The database is opened read-only.
 */
export async function exportHistory(options: ExportOptions): Promise<ExportReport> {
  const target = resolveExportDir(options.out);
  const currentOnly = options.currentOnly ?? false;
  return withReadOnlyHistory(options, async (connection, spec) => {
    const columns = ((await describeRelation(connection, spec.target)) ?? []).map((c) => c.name);
    const partitionBy = options.partitionBy ?? spec.config.periodColumn;
    if (!columns.includes(partitionBy)) throw notHistoryColumn('partitionBy', partitionBy, spec.target.text, columns);
    const written = await replaceExportDir(
      target,
      async (work) => {
        const copied = await one<{ Count: bigint }>(
          connection,
          sql.exportHistory(spec, currentOnly, work, partitionBy),
        );
        await faultPoint('exported', 0);
        return { rows: toNumber(copied.Count), ...parquetFiles(work) };
      },
      { targetTable: spec.target.text, partitionBy, currentOnly },
    );
    return { targetTable: spec.target.text, dir: target.dir, partitionBy, currentOnly, ...written };
  });
}
