-- The last snapshot a run committed, by the run id its commits carry (commit_message.sql).
SELECT max(snapshot_id) AS snapshot_id
FROM ducklake_snapshots({{lake}})
WHERE author = 'scd-parallel' AND json_extract_string(commit_extra_info, '$.run_id') = $run_id
