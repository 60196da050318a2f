-- The history's latest runs, newest first, with how many SLA breaches (run or period) each had.
SELECT
  r.run_id, CAST(r.started_at AS VARCHAR) AS started_at, r.mode, r.periods, r.total_seconds, r.records,
  r.records_per_second, r.sla_seconds, r.category,
  (SELECT count(*) FROM {{breaches}} b WHERE b.target_table = r.target_table AND b.run_id = r.run_id) AS breaches
FROM {{table}} r
WHERE r.target_table = $target
ORDER BY r.started_at DESC
LIMIT $runs;
