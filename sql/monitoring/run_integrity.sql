-- A run's integrity checks, summed over its periods.
SELECT
  check_name, bool_and(passed) AS passed, sum(violations) AS violations, count(*) AS periods,
  count(*) FILTER (WHERE passed) AS passed_periods
FROM {{table}}
WHERE target_table = $target AND run_id = $run_id
GROUP BY check_name
ORDER BY min(recorded_at), check_name;
