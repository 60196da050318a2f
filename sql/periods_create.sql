-- No primary key: DuckDB can raise false duplicate-key errors when one transaction deletes and
-- re-inserts the same key (full refresh does); uniqueness is kept by the coordinator instead.
CREATE TABLE IF NOT EXISTS {{periods}} (
  target_table VARCHAR NOT NULL,
  period BIGINT NOT NULL,
  effective_date DATE NOT NULL,
  applied_at TIMESTAMP NOT NULL,
  rows_read BIGINT NOT NULL,
  new_versions BIGINT NOT NULL,
  changed_versions BIGINT NOT NULL,
  removed_versions BIGINT NOT NULL
);
