-- Monitoring rows, bound as one JSON array: one statement a table, whatever the number of rows.
INSERT INTO {{table}} BY NAME
SELECT unnest(from_json(CAST($rows AS VARCHAR), {{structure}}), recursive := true);
