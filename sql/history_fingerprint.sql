-- The fingerprints of the history and of its current versions: sums of every version's hash over
-- what `check` reads of it (version_hash), as the ledger records them after each period. One scan
-- of the whole table.
SELECT
  count(*) AS versions,
  CAST(coalesce(sum({{version_hash}}), 0) AS VARCHAR) AS versions_fingerprint,
  CAST(coalesce(sum({{version_hash}}) FILTER (WHERE {{current}}), 0) AS VARCHAR) AS current_fingerprint
FROM {{target}}
