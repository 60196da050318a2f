-- A period's row; its fingerprints are recorded next (ledger/periods_fingerprint.sql), over the rows read back.
INSERT INTO {{periods}} BY NAME
SELECT
  $target AS target_table, $period AS period, CAST($effective_date AS TIMESTAMP) AS effective_date,
  CAST($applied_at AS TIMESTAMP) AS applied_at, $rows_read AS rows_read, $new_versions AS new_versions,
  $changed_versions AS changed_versions, $removed_versions AS removed_versions, $fingerprint AS fingerprint,
  $run_id AS run_id, $seconds AS seconds, $engine_version AS engine_version;
