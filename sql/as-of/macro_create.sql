-- Replaces only the engine's own macro: the caller checked that no one else's has this name.
CREATE OR REPLACE MACRO {{macro}}({{parameter}}) AS TABLE
{{body}}
