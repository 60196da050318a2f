-- Every snapshot row of an applied period must find the version valid at the period's effective
-- date, with the same tracked values.
WITH applied AS (
  SELECT period, effective_date FROM {{periods}} WHERE target_table = $target
), snap AS (
  SELECT {{source_key_as_exchange}}, a.period AS __p, a.effective_date AS __d, {{snapshot_tracked}}
  FROM {{source}} s
  JOIN applied a ON CAST({{source_period}} AS BIGINT) = a.period
), matched AS (
  SELECT snap.*, {{history_key_first}} AS __hk, h.{{valid_to}} AS __to, {{history_tracked}}
  FROM snap
  ASOF LEFT JOIN {{target}} h ON {{history_matches_snapshot}} AND snap.__d >= h.{{valid_from}}
)
SELECT
  count(*) AS violations,
  list({{exchange_display}} || ' @ ' || CAST(__p AS VARCHAR) ORDER BY __p, {{exchange_key}})[1:{{limit}}] AS sample
FROM matched
WHERE __hk IS NULL OR __to <= __d OR {{tracked_differs}};
