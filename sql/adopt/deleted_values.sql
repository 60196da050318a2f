-- The versions of a dbt snapshot to adopt whose dbt_is_deleted text is neither 'True' nor 'False'
-- (nor NULL, which versions written before the column existed hold): no tombstone, and no version.
SELECT count(*) AS violations, coalesce(list(__scd_row ORDER BY __scd_row)[1:{{limit}}], []) AS sample
FROM (
  SELECT {{key_display}} || ' from ' || CAST({{valid_from}} AS VARCHAR) || ': ''' || {{is_deleted}} || '''' AS __scd_row
  FROM {{target}}
  WHERE lower({{is_deleted}}) NOT IN ('true', 'false')
);
