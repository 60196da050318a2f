SELECT target_table, target_name, source_table, key_columns, period_column, effective_date_rule, tracked_columns, engine_version
FROM {{histories}}
ORDER BY target_table;
