(SELECT {{empty_key}}, CAST(NULL AS UBIGINT) AS h WHERE false)
