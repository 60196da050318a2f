INSERT INTO {{target}} BY NAME
SELECT
  s.*,
  CAST($effective_date AS DATE) AS dbt_valid_from,
  CAST(NULL AS DATE) AS dbt_valid_to,
  CAST($updated_at AS TIMESTAMP) AS dbt_updated_at,
  true AS is_current_record
FROM {{source}} s
JOIN (SELECT k FROM {{changes}} WHERE action IN ('N', 'C')) c ON s.{{key}} = c.k
WHERE s.{{period}} = $period;
