-- Materializes the change set (k0.., action) of a snapshot against the current versions, both
-- (k0.., h) relations. NEW: no current version; CHANGED: hashes differ; REMOVED: current but absent
-- from the snapshot. UNCHANGED rows are not emitted. hash() is never NULL (it hashes NULL too), so
-- a NULL h marks the missing side and <> is null-safe.
CREATE OR REPLACE TEMP TABLE {{table}} AS
SELECT
  {{exchange_coalesce}},
  CASE WHEN c.h IS NULL THEN 'N' WHEN s.h IS NULL THEN 'R' ELSE 'C' END AS action
FROM {{snapshot}} s
FULL OUTER JOIN {{current}} c ON {{exchange_join}}
WHERE c.h IS NULL OR s.h IS NULL OR s.h <> c.h
