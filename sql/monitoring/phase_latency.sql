-- A run's latency per phase over its periods (the 'period' phase is each period's whole time).
SELECT
  phase,
  count(*) AS count,
  quantile_cont(seconds, 0.5) AS p50_seconds,
  quantile_cont(seconds, 0.9) AS p90_seconds,
  quantile_cont(seconds, 0.99) AS p99_seconds,
  max(seconds) AS max_seconds
FROM {{table}}
WHERE target_table = $target AND run_id = $run_id
GROUP BY phase
ORDER BY phase;
