-- The mark that tells a full refresh's rebuild table from a user's table of the same name (NULL: none).
COMMENT ON TABLE {{table}} IS {{mark}}
