-- diff: for each tracked column (1-based, in the tracked order), the keys whose value changed, by
-- transition (was -> now, as text); the $top most frequent, ties in the order of the text. With
-- each: the keys the column changed for, and how many distinct transitions there were.
WITH {{diff_pairs}}, __scd_moves AS (
  SELECT unnest(range(1, len(__scd_differs) + 1)) AS __scd_column, unnest(__scd_was) AS __scd_was,
         unnest(__scd_now) AS __scd_now, unnest(__scd_differs) AS __scd_differs
  FROM __scd_pairs
  WHERE NOT __scd_entered AND NOT __scd_left
)
SELECT
  __scd_column AS column_index,
  __scd_was AS was,
  __scd_now AS now,
  count(*) AS keys,
  sum(count(*)) OVER (PARTITION BY __scd_column) AS column_keys,
  count(*) OVER (PARTITION BY __scd_column) AS transitions
FROM __scd_moves
WHERE __scd_differs
GROUP BY __scd_column, __scd_was, __scd_now
QUALIFY row_number() OVER (
  PARTITION BY __scd_column ORDER BY count(*) DESC, __scd_was NULLS FIRST, __scd_now NULLS FIRST
) <= $top
ORDER BY column_index, keys DESC, was NULLS FIRST, now NULLS FIRST;
