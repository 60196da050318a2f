-- TIMESTAMPTZ validity (an adopted dbt snapshot) is recorded in the ledger as a TIMESTAMP and cast
-- back on every use: in UTC on every machine, so no run, check or as-of depends on the process's TZ.
SET GLOBAL TimeZone = 'UTC';
