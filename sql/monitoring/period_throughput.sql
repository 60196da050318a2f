SELECT period, records, seconds, records_per_second
FROM {{table}}
WHERE target_table = $target AND run_id = $run_id AND phase = 'period'
ORDER BY period;
