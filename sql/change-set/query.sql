-- The change set (k0.., action) of a snapshot against the current versions, both (k0.., h)
-- relations. NEW: no current version; CHANGED: hashes differ; REMOVED: current but absent from
-- the snapshot; UNCHANGED: equal hashes. Unchanged keys are kept so that the apply can go through
-- the smaller side: where most keys change (a yearly raise for everyone), closing and inserting
-- "all but the unchanged" is an anti join on a small hash table. hash() is never NULL (it hashes
-- NULL too), so a NULL h marks the missing side and <> is null-safe.
SELECT
  {{exchange_coalesce}},
  CASE WHEN c.h IS NULL THEN 'N' WHEN s.h IS NULL THEN 'R' WHEN s.h <> c.h THEN 'C' ELSE 'U' END AS action
FROM {{snapshot}} s
FULL OUTER JOIN {{current}} c ON {{exchange_join}}
