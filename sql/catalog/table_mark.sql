-- The comment that marks a table as the engine's (a history, or a full refresh's rebuild), which
-- tells it from a user's table of the same name (NULL: none).
COMMENT ON TABLE {{table}} IS {{mark}}
