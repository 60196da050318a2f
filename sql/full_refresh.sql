-- One key slice's history in one set-based pass, into a freshly created table. A version starts where a
-- key has no row in the previous source period or its hash changed; it ends at the first period
-- after its last row (changed or absent), which is exactly what the year-by-year apply produces.
-- Internal names start with __scd_, which no source column may (source inspection refuses it).
-- Periods applied empty (no source rows) take their place in the order too: versions end there.
-- Every row of a key falls in the same slice, so the windows sort only the slice's rows.
INSERT INTO {{target}} BY NAME
WITH __scd_periods AS (
  {{timeline}}
), __scd_keyed AS (
  SELECT s.*, {{hash}} AS __scd_h, __scd_periods.__scd_pidx AS __scd_idx, __scd_periods.__scd_pd AS __scd_d
  FROM {{source}} s
  JOIN __scd_periods ON {{source_period}} = __scd_periods.__scd_p
  WHERE {{source_in_slice}}
), __scd_marked AS (
  SELECT
    *,
    coalesce({{gap_starts}} lag(__scd_h) OVER w <> __scd_h, true) AS __scd_start,
    coalesce({{gap_stops}} lead(__scd_h) OVER w <> __scd_h, true) AS __scd_stop,
    -- The period a version ending at this row ends at (its index; NULL: still current).
    {{version_end}} AS __scd_end,
    lead(__scd_idx) OVER w AS __scd_next_idx
  FROM __scd_keyed
  WINDOW w AS (PARTITION BY {{key}} ORDER BY __scd_idx)
), __scd_edges AS (
  SELECT
    *,
    CASE WHEN __scd_stop THEN __scd_end ELSE lead(__scd_end) OVER (PARTITION BY {{key}} ORDER BY __scd_idx) END AS __scd_last_end,
    -- The key's next row after the version's last: where it returns, if it left.
    CASE WHEN __scd_stop THEN __scd_next_idx ELSE lead(__scd_next_idx) OVER (PARTITION BY {{key}} ORDER BY __scd_idx) END AS __scd_back
  FROM __scd_marked
  WHERE __scd_start OR __scd_stop
)
SELECT
  __scd_edges.* EXCLUDE (__scd_h, __scd_idx, __scd_d, __scd_start, __scd_stop, __scd_end, __scd_next_idx, __scd_last_end, __scd_back),
  __scd_d AS {{valid_from}},
  coalesce(CAST(next_period.__scd_pd AS {{validity_type}}), {{open_to}}) AS {{valid_to}},
  CAST($updated_at AS {{updated_type}}) AS {{updated_at}},
  next_period.__scd_pd IS NULL AS {{is_current}}
  {{not_a_tombstone}}
FROM __scd_edges
LEFT JOIN __scd_periods next_period ON next_period.__scd_pidx = __scd_edges.__scd_last_end
WHERE __scd_start
{{tombstones}};
