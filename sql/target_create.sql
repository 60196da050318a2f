CREATE TABLE {{target}} AS
SELECT
  *,
  CAST(NULL AS UBIGINT) AS record_hash,
  CAST(NULL AS VARCHAR) AS dbt_scd_id,
  CAST(NULL AS DATE) AS dbt_valid_from,
  CAST(NULL AS DATE) AS dbt_valid_to,
  CAST(NULL AS TIMESTAMP) AS dbt_updated_at,
  CAST(NULL AS BOOLEAN) AS is_current_record
FROM {{source}}
LIMIT 0;
