DROP TABLE IF EXISTS temp.main.__scd_collations
