SELECT count(*) AS n FROM {{target}}
