-- In a lake, a close is a copy and a delete (close_versions_delete.sql): DuckLake's UPDATE rewrites
-- every row it changes and writes a delete file anyway, and at 1.15M closes it took 2.1 s against
-- 1.1 s for this pair (bench/results/2026-12-08-lake-close-1m-2core-24gb.md). First the closed
-- copies of the versions close_versions.sql would close...
INSERT INTO {{target}} BY NAME
SELECT t.* REPLACE ({{effective_at}} AS {{valid_to}} {{closed_current}})
FROM {{target}} AS t
WHERE {{t_current}} AND {{t_not_deleted}} AND (
{{closing}}
);
