-- The engine's commits, oldest first.
SELECT snapshot_id, commit_extra_info
FROM ducklake_snapshots({{lake}})
WHERE author = 'scd-parallel'
ORDER BY snapshot_id
