MERGE INTO {{target}} AS t
USING (SELECT {{exchange_key}} FROM {{changes}} WHERE action IN ({{close_actions}})) AS c
ON {{target_matches_change}} AND t.{{is_current}}
WHEN MATCHED THEN UPDATE SET {{valid_to}} = CAST($effective_date AS {{validity_type}}), {{is_current}} = false;
