-- The mark that tells the engine's macro from a user's of the same name.
COMMENT ON MACRO TABLE {{macro}} IS {{mark}}
