-- How many files a Parquet source's glob matches: none is a missing source, named as such.
SELECT count(*) AS files FROM glob($glob);
