-- With new_record, a full refresh's tombstones: a version that ends at a period without its key
-- is followed by a copy of it (the values it started with, as the apply copies the version it
-- closes) from that period until the key returns, or current.
UNION ALL BY NAME
SELECT
  __scd_edges.* EXCLUDE (__scd_h, __scd_idx, __scd_d, __scd_start, __scd_stop, __scd_end, __scd_next_idx, __scd_last_end, __scd_back),
  gone.__scd_pd AS {{valid_from}},
  coalesce(CAST(back.__scd_pd AS {{validity_type}}), {{open_to}}) AS {{valid_to}},
  CAST($updated_at AS {{updated_type}}) AS {{updated_at}},
  back.__scd_pd IS NULL AS {{is_current}},
  true AS {{is_deleted}}
FROM __scd_edges
JOIN __scd_periods gone ON gone.__scd_pidx = __scd_edges.__scd_last_end
LEFT JOIN __scd_periods back ON back.__scd_pidx = __scd_edges.__scd_back
WHERE __scd_start AND __scd_back IS DISTINCT FROM __scd_last_end
