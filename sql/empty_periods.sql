SELECT CAST(p AS BIGINT) AS __scd_p, CAST(d AS DATE) AS __scd_pd
FROM (SELECT unnest(from_json(CAST($empty_periods AS VARCHAR), '[{"p":"BIGINT","d":"VARCHAR"}]'), recursive := true))
