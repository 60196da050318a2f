-- Every column of a view source's rows (of the given periods), computed: hashing each row as a
-- whole reads all its columns, as the apply's INSERT does.
SELECT count(*) AS n, sum(hash(__scd_v)) AS h FROM {{source}} __scd_v {{periods_filter}}
