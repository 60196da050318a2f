SELECT count(*) AS rows, count(DISTINCT employee_id) AS employees FROM {{table}}
