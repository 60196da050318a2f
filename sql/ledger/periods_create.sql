-- No primary key: DuckDB can raise false duplicate-key errors when one transaction deletes and
-- re-inserts the same key (a replay does); uniqueness is kept by the coordinator instead.
CREATE TABLE IF NOT EXISTS {{periods}} (
  target_table VARCHAR NOT NULL,
  period BIGINT NOT NULL,
  -- A TIMESTAMP: an adopted dbt snapshot's periods start at its runs' wall-clock times, often
  -- several a day. Dates are midnights. Ledgers written before it held a DATE (periods_widen).
  effective_date TIMESTAMP NOT NULL,
  applied_at TIMESTAMP NOT NULL,
  rows_read BIGINT NOT NULL,
  new_versions BIGINT NOT NULL,
  changed_versions BIGINT NOT NULL,
  removed_versions BIGINT NOT NULL,
  -- Order-independent: the sum of hash(key, tracked values) over the period's source rows, as text
  -- (a HUGEINT). A source that no longer gives it has changed under the history.
  fingerprint VARCHAR NOT NULL,
  run_id VARCHAR NOT NULL,
  -- The period's time up to its record, from the end of the previous period's commit; null for an
  -- adopted snapshot's periods, and for those a full refresh recorded when it was one set-based pass.
  seconds DOUBLE,
  engine_version VARCHAR NOT NULL,
  -- The fingerprints of the history and of its current versions after the period
  -- (ledger/history_fingerprint.sql), and a digest of the ledger's rows up to it (ledger-fingerprint.ts),
  -- as text: a run compares them with the history and ledger it finds (verify-history.ts). NULL
  -- where none was recorded yet (ledger/periods_fingerprint.sql).
  versions_fingerprint VARCHAR,
  current_fingerprint VARCHAR,
  ledger_fingerprint VARCHAR
);
