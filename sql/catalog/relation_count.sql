SELECT count(*) AS n FROM {{relation}} __scd_r
