-- NEW: no current version; CHANGED: hashes differ; REMOVED: current but absent from the snapshot.
-- UNCHANGED rows are not emitted. hash() is never NULL (it hashes NULL too), so <> is null-safe.
SELECT
  coalesce(s.k, c.k) AS k,
  CASE WHEN c.k IS NULL THEN 'N' WHEN s.k IS NULL THEN 'R' ELSE 'C' END AS action
FROM {{snapshot}} s
FULL OUTER JOIN {{current}} c ON s.k = c.k
WHERE c.k IS NULL OR s.k IS NULL OR s.h <> c.h
