DELETE FROM {{histories}} WHERE target_table = $target;
