-- Rewinding: the ledger forgets the periods after the kept one (a NULL period keeps none).
DELETE FROM {{periods}}
WHERE target_table = $target AND (CAST($period AS BIGINT) IS NULL OR period > CAST($period AS BIGINT));
