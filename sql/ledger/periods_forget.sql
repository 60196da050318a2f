DELETE FROM {{periods}} WHERE target_table = $target;
