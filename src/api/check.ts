import { withDatabase } from '../db/database.js';
import { historyMissing } from '../errors/index.js';
import { type CheckReport, runChecks } from '../history/checks.js';
import { proveHistory } from '../history/ownership.js';
import { resolveHistory } from '../history/resolve.js';
import { inspectSource } from '../history/source-inspection.js';
import { validateViewRows } from '../history/source-rows.js';
import type { TableLayer } from '../options/table-config.js';

export interface CheckOptions {
  readonly db: string;
  /** Tables and columns; what is left out comes from the history's recorded settings. */
  readonly table?: TableLayer;
}

/** `scd-parallel check`: opens the database read-only, so it can never change it. */
export async function checkHistory(options: CheckOptions): Promise<CheckReport> {
  return withDatabase(options.db, { readOnly: true }, async (connection) => {
    const { spec, recorded } = await resolveHistory(connection, options.table ?? {});
    const { types } = await inspectSource(connection, spec);
    const proved = await proveHistory(connection, spec, recorded);
    if (proved === undefined) throw historyMissing(spec.target.text, options.db);
    await validateViewRows(connection, spec);
    return runChecks(connection, spec.typed(types));
  });
}
