SELECT snapshot_id, snapshot_time, commit_message, commit_extra_info
FROM ducklake_snapshots({{lake}})
ORDER BY snapshot_id
