import { DuckDBInstance } from '@duckdb/node-api';
import { runScd } from '../../src/api/run.js';
import { DEFAULT_TABLE_CONFIG } from '../../src/options/table-config.js';
import { HistorySpec, ident } from '../../src/sql/index.js';

/** Where a peer keeps its versions: the source's columns and its own two validity columns. */
export interface PeerHistory {
  readonly schema: string;
  readonly table: string;
  readonly validFrom: string;
  readonly validTo: string;
}

export interface PeerComparison {
  readonly versions: number;
  readonly ourVersions: number;
  /** Rows (key, tracked values, from-period, to-period) in one history but not in the other. */
  readonly differingRows: number;
}

const config = DEFAULT_TABLE_CONFIG;
const spec = new HistorySpec(config);
const f = spec.fragments as Record<string, { sql: string }>;

/**
 * A history's versions as (key, tracked values, from-period, to-period): a validity bound maps to
 * the latest period whose effective date is on or before it. That is the period itself for
 * business-time validity (ours, dlt's boundary_timestamp), and the year just ended for an
 * execution time set just after it (SQLMesh). An open end maps to NULL. epoch() reads DATE,
 * TIMESTAMP and TIMESTAMPTZ alike, whatever the session's time zone.
 */
function asPeriods(table: string, validFrom: string, validTo: string): string {
  const columns = [...config.keyColumns, ...config.trackedColumns].map((c) => `v.${ident(c).sql}`).join(', ');
  return (
    `SELECT ${columns}, p_from.period AS from_period, p_to.period AS to_period FROM ${table} v ` +
    `ASOF LEFT JOIN periods p_from ON epoch(v.${validFrom}) >= p_from.starts ` +
    `ASOF LEFT JOIN periods p_to ON epoch(v.${validTo}) >= p_to.starts`
  );
}

/**
 * Builds our history of `years` in the peer's scratch database, untimed (the inline set-based run,
 * which the bench holds equal to every other configuration), and counts the rows that differ from
 * the peer's after mapping both validities to periods. 0 means the same versions.
 */
export async function compareWithOurs(
  db: string,
  years: readonly number[],
  peer: PeerHistory,
): Promise<PeerComparison> {
  const instance = await DuckDBInstance.create(db);
  try {
    const selection = { kind: 'range', from: Math.min(...years), to: Math.max(...years), exact: false } as const;
    await runScd({ db, instance, selection, chunks: 1, workers: 1, inline: true });
    const connection = await instance.connect();
    try {
      const peerTable = `${ident(peer.schema).sql}.${ident(peer.table).sql}`;
      const query =
        `WITH periods AS (SELECT ${f.period?.sql} AS period, ` +
        `epoch(CAST(max(${f.effective_date?.sql}) AS TIMESTAMP)) AS starts ` +
        `FROM ${f.source?.sql} WHERE ${f.period?.sql} BETWEEN $first AND $last GROUP BY ALL), ` +
        `theirs AS (${asPeriods(peerTable, ident(peer.validFrom).sql, ident(peer.validTo).sql)}), ` +
        `ours AS (${asPeriods(f.target?.sql as string, f.valid_from?.sql as string, f.valid_to?.sql as string)}) ` +
        'SELECT (SELECT count(*) FROM theirs) AS versions, (SELECT count(*) FROM ours) AS our_versions, ' +
        '(SELECT count(*) FROM (FROM theirs EXCEPT ALL FROM ours)) + (SELECT ' +
        'count(*) FROM (FROM ours EXCEPT ALL FROM theirs)) AS differing';
      const row = (
        await connection.runAndReadAll(query, { first: Math.min(...years), last: Math.max(...years) })
      ).getRowObjectsJS()[0];
      return {
        versions: Number(row?.versions),
        ourVersions: Number(row?.our_versions),
        differingRows: Number(row?.differing),
      };
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}
