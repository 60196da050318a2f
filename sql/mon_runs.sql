-- The history's latest runs, newest first.
SELECT run_id, CAST(started_at AS VARCHAR) AS started_at, mode, periods, total_seconds, records, records_per_second, sla_seconds, category
FROM {{table}}
WHERE target_table = $target
ORDER BY started_at DESC
LIMIT $runs;
