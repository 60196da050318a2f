-- show: a key worth showing, for the commands the demo suggests: one with the most versions (the
-- first such in key order), so that its history has changes to show. Its values as text, as k0..
SELECT {{key_as_text}}, count(*) AS versions
FROM {{target}}
GROUP BY ALL
ORDER BY versions DESC, {{key_order}}
LIMIT 1;
