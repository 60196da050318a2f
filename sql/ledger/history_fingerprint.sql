-- The fingerprints of the history and of its current versions: sums of every version's hash over
-- what `check` reads of it (version_hash), as the ledger records them after each period. One scan
-- of the whole table.
SELECT
  count(*) AS versions,
  CAST({{version_fingerprint}} AS VARCHAR) AS versions_fingerprint,
  CAST({{current_version_fingerprint}} AS VARCHAR) AS current_fingerprint
FROM {{target}}
