-- The lake, under the engine's own name: every connection then USEs it, so the engine's statements
-- (and the tables they name without a catalog) read and write the lake as they would the file.
ATTACH {{catalog}} AS {{alias}} {{options}}
