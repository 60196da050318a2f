import type { DuckDBConnection } from '@duckdb/node-api';
import { changeRows, type Params } from '../../db/database.js';
import { type ApplySide, type Fragment, type HistorySpec, sql } from '../../sql/index.js';
import type { CheckOutcome } from '../4-check/integrity.js';

/**
 * Closes the current versions of the keys a period closes; returns how many. In the file, one
 * UPDATE. In a lake, a copy of them closed, then a delete of the open ones (DuckLake's UPDATE costs
 * twice the pair: see sql/apply/close_versions_copy.sql), which must delete exactly what it copied.
 */
export async function closeVersions(
  connection: DuckDBConnection,
  spec: HistorySpec,
  changes: Fragment,
  through: ApplySide,
  params: Params,
  outcomes: CheckOutcome[],
): Promise<number> {
  if (!spec.inLake) return changeRows(connection, sql.closeVersions(spec, changes, through), params);
  const copied = await changeRows(connection, sql.closeVersionsCopy(spec, changes, through), params);
  const deleted = await changeRows(connection, sql.closeVersionsDelete(spec, changes, through));
  outcomes.push({
    name: 'closed_copies',
    violations: Math.abs(copied - deleted),
    failure: `copied ${copied} closed versions and deleted ${deleted} open ones`,
  });
  return copied;
}
