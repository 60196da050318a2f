-- The whole history in one set-based pass, into a freshly created table. A version starts where a
-- key has no row in the previous source period or its hash changed; it ends at the first period
-- after its last row (changed or absent), which is exactly what the year-by-year apply produces.
-- Internal names start with __scd_, which no source column may (source inspection refuses it).
-- Periods applied empty (no source rows) take their place in the order too: versions end there.
INSERT INTO {{target}} BY NAME
WITH __scd_dated AS (
  SELECT CAST({{period}} AS BIGINT) AS __scd_p, max({{effective_date}}) AS __scd_pd
  FROM {{source}}
  WHERE {{period}} <= $max_period
  GROUP BY {{period}}
  UNION ALL
  {{empty_periods}}
), __scd_periods AS (
  SELECT *, row_number() OVER (ORDER BY __scd_p) AS __scd_pidx FROM __scd_dated
), __scd_keyed AS (
  SELECT s.*, {{hash}} AS __scd_h, __scd_periods.__scd_pidx AS __scd_idx, __scd_periods.__scd_pd AS __scd_d
  FROM {{source}} s
  JOIN __scd_periods ON {{source_period}} = __scd_periods.__scd_p
), __scd_marked AS (
  SELECT
    *,
    coalesce(lag(__scd_idx) OVER w <> __scd_idx - 1 OR lag(__scd_h) OVER w <> __scd_h, true) AS __scd_start,
    coalesce(lead(__scd_idx) OVER w <> __scd_idx + 1 OR lead(__scd_h) OVER w <> __scd_h, true) AS __scd_stop
  FROM __scd_keyed
  WINDOW w AS (PARTITION BY {{key}} ORDER BY __scd_idx)
), __scd_edges AS (
  SELECT
    *,
    CASE WHEN __scd_stop THEN __scd_idx ELSE lead(__scd_idx) OVER (PARTITION BY {{key}} ORDER BY __scd_idx) END AS __scd_last
  FROM __scd_marked
  WHERE __scd_start OR __scd_stop
)
SELECT
  __scd_edges.* EXCLUDE (__scd_h, __scd_idx, __scd_d, __scd_start, __scd_stop, __scd_last),
  __scd_d AS {{valid_from}},
  next_period.__scd_pd AS {{valid_to}},
  CAST($updated_at AS {{updated_type}}) AS {{updated_at}},
  next_period.__scd_pd IS NULL AS {{is_current}}
FROM __scd_edges
LEFT JOIN __scd_periods next_period ON next_period.__scd_pidx = __scd_edges.__scd_last + 1
WHERE __scd_start;
