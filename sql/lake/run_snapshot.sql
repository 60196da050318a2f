-- The last snapshot a run committed, by the run id its periods recorded (commit_message.sql).
SELECT max(snapshot_id) AS snapshot_id, count(*) AS snapshots
FROM ducklake_snapshots({{lake}})
WHERE author = 'scd-parallel' AND json_extract_string(commit_extra_info, '$.run_id') = $run_id
