-- Rewinding: versions first seen after the kept period's date go. A NULL date keeps no period,
-- so every version goes.
DELETE FROM {{target}}
WHERE CAST($effective_date AS {{validity_type}}) IS NULL OR {{valid_from}} > CAST($effective_date AS {{validity_type}});
