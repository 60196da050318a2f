-- The whole history in one set-based pass, into a freshly created table. A version starts where a
-- key has no row in the previous source period or its hash changed; it ends at the first period
-- after its last row (changed or absent), which is exactly what the year-by-year apply produces.
INSERT INTO {{target}} BY NAME
WITH periods AS (
  SELECT
    {{period}} AS __p,
    max({{effective_date}}) AS __pd,
    row_number() OVER (ORDER BY {{period}}) AS __pidx
  FROM {{source}}
  WHERE {{period}} <= $max_period
  GROUP BY {{period}}
), keyed AS (
  SELECT s.*, {{hash}} AS __h, periods.__pidx AS __idx, periods.__pd AS __d
  FROM {{source}} s
  JOIN periods ON {{source_period}} = periods.__p
), marked AS (
  SELECT
    *,
    coalesce(lag(__idx) OVER w <> __idx - 1 OR lag(__h) OVER w <> __h, true) AS __start,
    coalesce(lead(__idx) OVER w <> __idx + 1 OR lead(__h) OVER w <> __h, true) AS __stop
  FROM keyed
  WINDOW w AS (PARTITION BY {{key}} ORDER BY __idx)
), edges AS (
  SELECT
    *,
    CASE WHEN __stop THEN __idx ELSE lead(__idx) OVER (PARTITION BY {{key}} ORDER BY __idx) END AS __last
  FROM marked
  WHERE __start OR __stop
)
SELECT
  edges.* EXCLUDE (__h, __idx, __d, __start, __stop, __last),
  __d AS {{valid_from}},
  next_period.__pd AS {{valid_to}},
  CAST($updated_at AS {{updated_type}}) AS {{updated_at}},
  next_period.__pd IS NULL AS {{is_current}}
FROM edges
LEFT JOIN periods next_period ON next_period.__pidx = edges.__last + 1
WHERE __start;
