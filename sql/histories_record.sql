INSERT INTO {{histories}} VALUES ($target, $target_name, $source, $key_columns, $period_column, $effective_date_rule, $tracked_columns, $engine_version, CAST($created_at AS TIMESTAMP));
