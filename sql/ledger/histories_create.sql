-- The settings each history was created with, so that later runs, checks and reports need no
-- flags and a contradicting flag is caught. One row per history (target_table is canonical: lower
-- case, schema-qualified).
CREATE TABLE IF NOT EXISTS {{histories}} (
  target_table VARCHAR NOT NULL,
  target_name VARCHAR NOT NULL,
  source_table VARCHAR NOT NULL,
  key_columns VARCHAR[] NOT NULL,
  period_column VARCHAR NOT NULL,
  effective_date_rule VARCHAR NOT NULL,
  tracked_columns VARCHAR[] NOT NULL,
  engine_version VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL
);
-- Added after the first release: histories recorded before it invalidate, as all did then.
ALTER TABLE {{histories}} ADD COLUMN IF NOT EXISTS hard_deletes VARCHAR DEFAULT 'invalidate';
-- Added with the history's own column settings; older histories have dbt's defaults.
ALTER TABLE {{histories}} ADD COLUMN IF NOT EXISTS validity_type VARCHAR DEFAULT 'date';
ALTER TABLE {{histories}} ADD COLUMN IF NOT EXISTS meta_column_names JSON DEFAULT '{}';
ALTER TABLE {{histories}} ADD COLUMN IF NOT EXISTS valid_to_current VARCHAR;
ALTER TABLE {{histories}} ADD COLUMN IF NOT EXISTS adopted JSON;
-- Added with ownership marks: the random token in the comment the engine writes on the history's
-- table. NULL for a history recorded before, which its next write marks.
ALTER TABLE {{histories}} ADD COLUMN IF NOT EXISTS table_token VARCHAR;
