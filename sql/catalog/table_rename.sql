-- A full refresh's rebuild table takes the history's name; the new name has no schema (it stays in its own).
ALTER TABLE {{table}} RENAME TO {{name}}
