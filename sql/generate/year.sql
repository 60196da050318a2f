-- One simulated year from the previous state: leavers (more among last year's hires), merit
-- raises plus COLA, promotions, transfers and rehires of employees who left two or more years ago.
-- The merit and rehire rates are the profile's (src/generate/profiles.ts).
CREATE OR REPLACE TEMP TABLE gen_state AS
WITH draws AS (
  SELECT * EXCLUDE (merit, promoted, transferred, rehired, hired),
    status = 'active' AND gen_u(emp_num, $year, 11) < CASE WHEN hired_year = $year - 1 THEN 0.25 ELSE 0.12 END AS leaves,
    status = 'active' AND gen_u(emp_num, $year, 12) < $merit_rate AS d_merit,
    status = 'active' AND job_level < 5 AND gen_u(emp_num, $year, 13) < 0.08 AS d_promoted,
    status = 'active' AND gen_u(emp_num, $year, 14) < 0.05 AS d_transferred,
    status <> 'active' AND term_year <= $year - 2 AND gen_u(emp_num, $year, 15) < $rehire_rate AS d_rehired
  FROM gen_state
  WHERE status <> 'gone' OR term_year >= $year - 8
), stays AS (
  SELECT *,
    d_merit AND NOT leaves AS merit,
    d_promoted AND NOT leaves AS promoted,
    d_transferred AND NOT leaves AS transferred
  FROM draws
)
SELECT
  emp_num,
  job_level + CASE WHEN promoted THEN 1 ELSE 0 END AS job_level,
  CASE WHEN transferred THEN gen_dept(emp_num, $year, 16) ELSE department END AS department,
  CAST(CASE
    WHEN status = 'active' AND NOT leaves THEN round(annual_salary * (1 + $cola
      + CASE WHEN merit THEN 0.03 * (0.5 + gen_u(emp_num, $year, 17)) ELSE 0 END
      + CASE WHEN promoted THEN 0.10 ELSE 0 END), 2)
    WHEN d_rehired THEN round(annual_salary * 1.05, 2)
    ELSE annual_salary
  END AS DECIMAL(12, 2)) AS annual_salary,
  CASE WHEN d_rehired THEN CAST(make_date($year, 1, 1) + CAST(floor(gen_u(emp_num, $year, 18) * 364) AS INTEGER) AS DATE) ELSE hire_date END AS hire_date,
  CASE WHEN d_rehired THEN $year ELSE hired_year END AS hired_year,
  CASE WHEN leaves THEN 'terminated' WHEN d_rehired THEN 'active' WHEN status = 'terminated' THEN 'gone' ELSE status END AS status,
  CASE WHEN leaves THEN $year ELSE term_year END AS term_year,
  merit, promoted, transferred, d_rehired AS rehired, false AS hired
FROM stays;
