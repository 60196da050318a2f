-- Rewinding: versions closed after the kept period's date are current again. Validity is
-- contiguous per key, so no other version of the key is current at that date.
UPDATE {{target}}
SET {{valid_to}} = {{open_to}} {{reopens_current}}
WHERE NOT {{is_open}} AND {{valid_to}} > {{effective_at}};
