MERGE INTO {{target}} AS t
USING (SELECT {{exchange_key}} FROM {{changes}} WHERE action IN ({{close_actions}})) AS c
ON {{target_matches_change}} AND {{t_current}}
WHEN MATCHED THEN UPDATE SET {{valid_to}} = CAST($effective_date AS {{validity_type}}) {{closes_current}};
