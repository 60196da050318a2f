-- Rewinding: versions first seen after the kept period's date go. A NULL date keeps no period,
-- so every version goes.
DELETE FROM {{target}}
WHERE {{effective_at}} IS NULL OR {{valid_from}} > {{effective_at}};
