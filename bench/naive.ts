import type { HistorySpec } from '../src/sql/index.js';

/**
 * The seed's approach, (b): the whole history again, in one set-based pass over every snapshot up
 * to $year, with windows over each key's rows (invalidate mode). A version starts where its key has
 * no row in the previous period or its hash changed, and ends at the period after its last row.
 * It lives in the bench: the engine never rebuilds this way (a full refresh replays the periods).
 */
export function naiveRebuild(spec: HistorySpec): string {
  const f = Object.fromEntries(Object.entries(spec.fragments).map(([k, v]) => [k, v.sql]));
  return (
    `INSERT INTO ${f.target} BY NAME
WITH periods AS (
  SELECT p, d, row_number() OVER (ORDER BY p) AS idx
  FROM (SELECT DISTINCT ${f.period} AS p, CAST(${f.effective_date} ` +
    `AS DATE) AS d FROM ${f.source} WHERE ${f.period} <= $year)
), keyed AS (
  SELECT s.*, ${f.hash} AS __h, periods.idx AS __idx, periods.d AS __d
  FROM ${f.source} s JOIN periods ON ${f.source_period} = periods.p
), marked AS (
  SELECT *,
    coalesce(lag(__idx) OVER w <> __idx - 1 OR lag(__h) OVER w <> __h, true) AS __start,
    coalesce(lead(__idx) OVER w <> __idx + 1 OR lead(__h) OVER w <> __h, true) AS __stop
  FROM keyed WINDOW w AS (PARTITION BY ${f.key} ORDER BY __idx)
), edges AS (
  SELECT *, CASE WHEN __stop THEN __idx + 1 ELSE lead(__idx + ` +
    `1) OVER (PARTITION BY ${f.key} ORDER BY __idx) END AS __end
  FROM marked WHERE __start OR __stop
)
SELECT edges.* EXCLUDE (__h, __idx, __d, __start, __stop, __end),
  __d AS ${f.valid_from},
  coalesce(CAST(next_period.d AS ${f.validity_type}), ${f.open_to}) AS ${f.valid_to},
  CAST('2000-01-01 00:00:00' AS ${f.updated_type}) AS ${f.updated_at},
  next_period.d IS NULL AS ${f.is_current}
FROM edges LEFT JOIN periods next_period ON next_period.idx = edges.__end
WHERE __start`
  );
}
