-- How many keys of a period differ between the source and the history's versions valid at the
-- period's date: present on one side only, or with other tracked values. Tombstones are not
-- versions here; with hard deletes ignored, see drift_ghosts.
WITH __scd_source AS (
  SELECT {{source_key_as_exchange}}, {{hash}} AS h FROM {{source}} s WHERE {{source_period}} = $period
), __scd_history AS (
  SELECT {{target_key_as_exchange}}, {{hash}} AS h, t.{{valid_from}} AS __scd_from
  FROM {{target}} t
  WHERE {{t_not_deleted}} AND t.{{valid_from}} <= {{effective_at}}
    AND ({{t_is_open}} OR t.{{valid_to}} > {{effective_at}})
)
SELECT count(*) AS keys
FROM __scd_source s
FULL OUTER JOIN __scd_history c ON {{exchange_join}}
WHERE s.h IS DISTINCT FROM c.h {{drift_ghosts}};
