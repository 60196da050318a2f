INSERT INTO {{target}} BY NAME
SELECT
  s.*,
  CAST($effective_date AS {{validity_type}}) AS {{valid_from}},
  {{open_to}} AS {{valid_to}},
  CAST($updated_at AS {{updated_type}}) AS {{updated_at}}
  {{opens_current}}
  {{new_scd_id}}
  {{opens_live}}
FROM {{source}} s
JOIN (SELECT {{exchange_key}} FROM {{changes}} WHERE action IN ('N', 'C')) c ON {{source_matches_change}}
WHERE {{source_period}} = $period;
