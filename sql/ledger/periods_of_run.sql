-- The periods one run committed to a history, as the ledger holds them: what a run stopped by a
-- signal reports, whatever it believed when it stopped.
SELECT period
FROM {{periods}}
WHERE target_table = $target AND run_id = $run_id
ORDER BY period;
