-- Rewinding: versions closed after the kept period's date are current again. Validity is
-- contiguous per key, so no other version of the key is current at that date.
UPDATE {{target}}
SET {{valid_to}} = NULL, {{is_current}} = true
WHERE {{valid_to}} > CAST($effective_date AS {{validity_type}});
