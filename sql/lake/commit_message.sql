-- The run and period a snapshot holds, so that as-of --run finds the snapshot a run left.
CALL ducklake_set_commit_message({{lake}}, 'scd-parallel', $message, extra_info => $extra_info)
