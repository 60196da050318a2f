-- The --db file, read-only, where a table source lives: a lake run takes no write lock on it, so
-- check, as-of and a user's client may open it while the run writes the lake.
ATTACH {{path}} AS {{alias}} (READ_ONLY)
