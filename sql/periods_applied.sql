SELECT period, CAST(effective_date AS VARCHAR) AS effective_date
FROM {{periods}}
WHERE target_table = $target
ORDER BY period;
