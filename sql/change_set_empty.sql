(SELECT {{empty_key}}, CAST(NULL AS VARCHAR) AS action WHERE false)
