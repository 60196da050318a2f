INSERT INTO {{histories}} BY NAME
SELECT
  $target AS target_table, $target_name AS target_name, $source AS source_table, $key_columns AS key_columns,
  $period_column AS period_column, $effective_date_rule AS effective_date_rule, $tracked_columns AS tracked_columns,
  $engine_version AS engine_version, CAST($created_at AS TIMESTAMP) AS created_at, $hard_deletes AS hard_deletes,
  $validity_type AS validity_type, CAST($meta_column_names AS JSON) AS meta_column_names,
  $valid_to_current AS valid_to_current, CAST($adopted AS JSON) AS adopted, $table_token AS table_token;
