-- The fingerprints of a history and its ledger, recorded on its latest period once computed whole:
-- where none was recorded (an earlier version wrote it, or an adopted snapshot), or where the one
-- recorded differs from the history's while every check of `check` passes (a DuckDB upgrade
-- that changed hash()).
UPDATE {{periods}}
SET versions_fingerprint = $versions_fingerprint,
  current_fingerprint = $current_fingerprint,
  ledger_fingerprint = $ledger_fingerprint
WHERE target_table = $target AND period = $period;
