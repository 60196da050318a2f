-- A run's chunks on their workers, as milliseconds since the run's first chunk started.
SELECT
  period,
  chunk,
  worker,
  epoch_ms(started_at) - min(epoch_ms(started_at)) OVER () AS start_ms,
  epoch_ms(finished_at) - min(epoch_ms(started_at)) OVER () AS end_ms,
  latency_micros,
  rows
FROM {{table}}
WHERE target_table = $target AND run_id = $run_id
ORDER BY started_at;
