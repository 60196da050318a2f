-- With new_record: a removed key gets a tombstone, a copy of the version just closed at this date
-- with dbt_is_deleted, current until the key returns.
INSERT INTO {{target}} BY NAME
SELECT
  t.* EXCLUDE ({{scd_columns}}),
  {{effective_at}} AS {{valid_from}},
  {{open_to}} AS {{valid_to}},
  CAST($updated_at AS {{updated_type}}) AS {{updated_at}},
  {{deleted_value}} AS {{is_deleted}}
  {{opens_current}}
  {{new_scd_id}}
  {{new_record_hash}}
FROM {{target}} t
JOIN (SELECT {{exchange_key}} FROM {{changes}} WHERE action = 'R') c ON {{target_matches_change}}
WHERE t.{{valid_to}} = {{effective_at}};
