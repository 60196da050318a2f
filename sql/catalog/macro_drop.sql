-- The as-of macro of a history a failed first run created, and takes back.
DROP MACRO TABLE IF EXISTS {{macro}}
