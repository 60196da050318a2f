-- An empty temporary table of a relation's text columns (c0, c1, ...): DuckDB shows a column's
-- collation nowhere but in a table's DDL, also where a view's expression applies it.
CREATE OR REPLACE TEMP TABLE __scd_collations AS SELECT {{columns}} FROM {{relation}} LIMIT 0
