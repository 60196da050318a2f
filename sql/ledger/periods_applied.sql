SELECT
  period,
  {{effective_date_text}} AS effective_date,
  CAST(applied_at AS VARCHAR) AS applied_at,
  rows_read,
  new_versions,
  changed_versions,
  removed_versions,
  fingerprint,
  {{versions_fingerprint}} AS versions_fingerprint,
  {{current_fingerprint}} AS current_fingerprint,
  {{ledger_fingerprint}} AS ledger_fingerprint
FROM {{periods}}
WHERE target_table = $target
ORDER BY period;
