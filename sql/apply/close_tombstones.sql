-- With new_record: a key that returns (NEW against the live versions) closes its tombstone. An
-- UPDATE through the new keys, as close_versions is: current rows are pruned by their row groups.
UPDATE {{target}} AS t
SET {{valid_to}} = {{effective_at}} {{closes_current}}
WHERE {{t_current}} AND {{t_deleted}} AND (
{{returning}}
);
