SELECT current_database() AS catalog
