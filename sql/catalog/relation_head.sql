SELECT * FROM {{relation}} __scd_r ORDER BY ALL LIMIT {{limit}}
