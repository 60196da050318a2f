MERGE INTO {{target}} AS t
USING (SELECT k FROM {{changes}} WHERE action IN ('C', 'R')) AS c
ON t.{{key}} = c.k AND t.is_current_record
WHEN MATCHED THEN UPDATE SET dbt_valid_to = CAST($effective_date AS DATE), is_current_record = false;
