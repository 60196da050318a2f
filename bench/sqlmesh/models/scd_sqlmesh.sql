-- The workforce's history as SQLMesh keeps it: versions by the tracked columns (DEFAULT_TABLE_CONFIG's,
-- as bench/dbt has them), a key that leaves the snapshot closed (invalidate_hard_deletes, false by
-- default), and validity from the execution time, which run_year.py sets just after each year.
-- execution_time_as_valid_from: else the first load's versions start at 1970-01-01.
MODEL (
  name bench.scd_sqlmesh,
  kind SCD_TYPE_2_BY_COLUMN (
    unique_key employee_id,
    columns [annual_salary, job_level, department, employee_status],
    invalidate_hard_deletes true,
    execution_time_as_valid_from true
  ),
  cron '@yearly'
);

-- Each yearly interval reads its simulation year's snapshot.
SELECT *
FROM main.fct_workforce_snapshot
WHERE simulation_year = YEAR(@start_dt)
