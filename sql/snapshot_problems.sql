-- Keys that are NULL or appear more than once in one period's snapshot.
SELECT CAST(k AS VARCHAR) AS k, count(*) AS n
FROM {{snapshot}}
GROUP BY k
HAVING count(*) > 1 OR k IS NULL
ORDER BY k NULLS FIRST
LIMIT {{limit}};
