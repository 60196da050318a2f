-- The history as a run that verifies what it touches (--verify touched) finds it, in the first
-- period's transaction, before the apply:
-- - the current versions are exactly those the previous period left: their fingerprint over what
--   `check` reads of them (version_hash, validity included), which the ledger recorded then;
--   one changed, deleted, added or flagged otherwise fails. A scan of the current versions,
--   pruned by the flag's min/max where the layout has one;
-- - no version starts, or ends if closed, after the previous period's date (two scans that the
--   row groups' min/max prune);
-- - how many current versions start before that date: only their keys can have a closed
--   version ending after their current one starts that the scans above do not find, which
--   verify_found_overlap then looks for among the keys the period changes. Where every current
--   version starts at that date (a workforce whose every employee changes yearly), it is not run.
WITH __scd_current AS (
  SELECT count(*) AS n, {{version_fingerprint}} AS fingerprint
  FROM {{target}}
  WHERE {{current}}
), __scd_late AS (
  SELECT count(*) AS n FROM (
    SELECT 1 FROM {{target}} WHERE {{valid_from}} > {{previous_at}}
    UNION ALL
    SELECT 1 FROM {{target}} WHERE {{valid_to}} > {{previous_at}} AND NOT {{is_open}}
  )
), __scd_older AS (
  SELECT count(*) AS n FROM {{target}} WHERE {{current}} AND {{valid_from}} < {{previous_at}}
)
SELECT
  __scd_current.n AS current_rows,
  CAST(__scd_current.fingerprint AS VARCHAR) AS current_fingerprint,
  __scd_late.n AS late_bounds,
  __scd_older.n AS older_current
FROM __scd_current, __scd_late, __scd_older;
