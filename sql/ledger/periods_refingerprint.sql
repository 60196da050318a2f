-- After a DuckDB upgrade that changed hash(), a period whose source still matches its history
-- keeps its record under the new hash.
UPDATE {{periods}} SET fingerprint = $fingerprint WHERE target_table = $target AND period = $period;
