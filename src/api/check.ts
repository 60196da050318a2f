import { historyMissing } from '../errors/index.js';
import { type CheckReport, runChecks } from '../history/checks.js';
import { proveHistory } from '../history/ownership.js';
import { historyPlace, type ReadOptions, withReadOnlyDatabase } from '../history/read-only.js';
import { resolveHistory } from '../history/resolve.js';
import { inspectSource } from '../history/source-inspection.js';
import { validateViewRows } from '../history/source-rows.js';

/** Where the history is: the database file, or a lake (see ReadOptions). */
export interface CheckOptions extends ReadOptions {}

/** `scd-parallel check`: opens the database read-only, so it can never change it. */
export async function checkHistory(options: CheckOptions): Promise<CheckReport> {
  return withReadOnlyDatabase(options, async (connection) => {
    const { spec, recorded } = await resolveHistory(connection, options.table ?? {});
    const { types } = await inspectSource(connection, spec);
    const proved = await proveHistory(connection, spec, recorded);
    if (proved === undefined) throw historyMissing(spec.target.text, historyPlace(options));
    await validateViewRows(connection, spec);
    return runChecks(connection, spec.typed(types));
  });
}
