-- Keys with more than one live current version, to name a failed check (verify/apply.sql). Only
-- where that check leaves them uncounted: every current version is live and mirrors the snapshot.
SELECT count(*) - count(DISTINCT {{key_tuple}}) AS duplicate_current
FROM {{target}} t
WHERE {{live}}
