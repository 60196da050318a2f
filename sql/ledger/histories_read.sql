-- Every column, so that a table recorded before hard_deletes existed still reads (as invalidate).
SELECT *
FROM {{histories}}
ORDER BY target_table;
