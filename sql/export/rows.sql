-- The rows an export writes: every column, the virtual ones (record_hash, dbt_scd_id) computed
-- and so stored in the files; {{rows}} keeps all, or only the current versions.
SELECT * FROM {{target}} WHERE {{rows}}
