-- The inline path's change set: a temporary table of the apply's connection.
CREATE OR REPLACE TEMP TABLE {{table}} AS {{change_set}}
