-- diff: how many keys each period's state holds, and which entered, left and changed between
-- them, with the first {{limit}} of each in key order (an empty list where there are none).
WITH {{diff_pairs}}
SELECT
  count(*) FILTER (WHERE NOT __scd_entered) AS keys_from,
  count(*) FILTER (WHERE NOT __scd_left) AS keys_to,
  count(*) FILTER (WHERE __scd_entered) AS entered,
  count(*) FILTER (WHERE __scd_left) AS left_keys,
  count(*) FILTER (WHERE __scd_changed) AS changed,
  coalesce((list({{exchange_display}} ORDER BY {{exchange_key}}) FILTER (WHERE __scd_entered))[1:{{limit}}], [])
    AS entered_sample,
  coalesce((list({{exchange_display}} ORDER BY {{exchange_key}}) FILTER (WHERE __scd_left))[1:{{limit}}], [])
    AS left_sample,
  coalesce((list({{exchange_display}} ORDER BY {{exchange_key}}) FILTER (WHERE __scd_changed))[1:{{limit}}], [])
    AS changed_sample
FROM __scd_pairs;
