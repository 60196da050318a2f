-- A ledger written before adopted dbt snapshots held effective dates as DATE: widened once, in the
-- transaction of the first write after, to the TIMESTAMP an adopted period's date needs.
ALTER TABLE {{periods}} ALTER COLUMN effective_date SET DATA TYPE TIMESTAMP;
