-- The history's fingerprint: the sum of every version's hash over what `check` reads of it
-- (version_hash), as the ledger records it after each period. One scan of the whole table.
SELECT count(*) AS versions, CAST(coalesce(sum({{version_hash}}), 0) AS VARCHAR) AS fingerprint
FROM {{target}}
