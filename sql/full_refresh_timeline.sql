-- A full refresh's periods, bound as JSON from the run's plan (the source's periods and those applied
-- empty, with their dates): a few rows known before the transaction, so that no key slice scans the
-- source for them. The index orders them; a version ends at the index after its last row.
SELECT p AS __scd_p, CAST(d AS DATE) AS __scd_pd, row_number() OVER (ORDER BY p) AS __scd_pidx
FROM (SELECT unnest(from_json(CAST($periods AS VARCHAR), '[{"p":"BIGINT","d":"VARCHAR"}]'), recursive := true))
