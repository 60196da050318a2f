INSERT INTO {{target}} BY NAME
SELECT
  s.*,
  CAST($effective_date AS {{validity_type}}) AS {{valid_from}},
  CAST(NULL AS {{validity_type}}) AS {{valid_to}},
  CAST($updated_at AS {{updated_type}}) AS {{updated_at}},
  true AS {{is_current}}
FROM {{source}} s
JOIN (SELECT {{exchange_key}} FROM {{changes}} WHERE action IN ('N', 'C')) c ON {{source_matches_change}}
WHERE {{source_period}} = $period;
