-- Every snapshot row of an applied period must find the version valid at the period's effective
-- date, with the same tracked values.
WITH applied AS (
  SELECT period, effective_date FROM {{periods}} WHERE target_table = $target
), snap AS (
  SELECT s.{{key}} AS __k, a.period AS __p, a.effective_date AS __d, {{snapshot_tracked}}
  FROM {{source}} s
  JOIN applied a ON CAST(s.{{period}} AS BIGINT) = a.period
), matched AS (
  SELECT snap.*, h.{{key}} AS __hk, h.dbt_valid_to AS __to, {{history_tracked}}
  FROM snap
  ASOF LEFT JOIN {{target}} h ON snap.__k = h.{{key}} AND snap.__d >= h.dbt_valid_from
)
SELECT
  count(*) AS violations,
  list(CAST(__k AS VARCHAR) || ' @ ' || CAST(__p AS VARCHAR) ORDER BY __p, __k)[1:{{limit}}] AS sample
FROM matched
WHERE __hk IS NULL OR __to <= __d OR {{tracked_differs}};
