-- Closes the live current versions of the keys that change: IN those keys, or NOT IN the
-- unchanged ones. At 1.24M closes with no key unchanged: 0.07 s through the unchanged side,
-- 0.29 s through the changed one (0.30 s as a MERGE on the key).
UPDATE {{target}} AS t
SET {{valid_to}} = {{effective_at}} {{closes_current}}
WHERE {{t_current}} AND {{t_not_deleted}} AND (
{{closing}}
);
