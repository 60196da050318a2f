-- Every snapshot row of an applied period must find the version valid at the period's effective
-- date, with the same tracked values.
WITH __scd_applied AS (
  SELECT period, effective_date FROM {{periods}}
  WHERE target_table = $target AND (CAST($through AS BIGINT) IS NULL OR period <= CAST($through AS BIGINT))
), __scd_snap AS (
  SELECT {{source_key_as_exchange}}, a.period AS __p, a.effective_date AS __d, {{snapshot_tracked}}
  FROM {{source}} s
  JOIN __scd_applied a ON CAST({{source_period}} AS BIGINT) = a.period
), __scd_matched AS (
  SELECT __scd_snap.*, {{history_key_first}} AS __hk, h.{{valid_to}} AS __to, {{history_tracked}}
  FROM __scd_snap
  ASOF LEFT JOIN {{target}} h ON {{history_matches_snapshot}} AND __scd_snap.__d >= h.{{valid_from}}
)
SELECT
  count(*) AS violations,
  list({{exchange_display}} || ' @ ' || CAST(__p AS VARCHAR) ORDER BY __p, {{exchange_key}})[1:{{limit}}] AS sample
FROM __scd_matched
WHERE __hk IS NULL OR __to <= __d OR {{tracked_differs}};
