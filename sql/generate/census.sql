-- The starting workforce: levels skewed low, salary by level, hire dates over the past 15 years.
CREATE OR REPLACE TEMP TABLE gen_state AS
SELECT
  i AS emp_num,
  CAST(1 + floor(pow(gen_u(i, 0, 1), 2) * 5) AS INTEGER) AS job_level,
  gen_dept(i, 0, 2) AS department,
  CAST(round(gen_base_salary(CAST(1 + floor(pow(gen_u(i, 0, 1), 2) * 5) AS INTEGER)) * (0.85 + 0.3 * gen_u(i, 0, 3)), 2) AS DECIMAL(12, 2)) AS annual_salary,
  CAST(make_date($start_year - 1, 12, 31) - CAST(floor(gen_u(i, 0, 4) * 5475) AS INTEGER) AS DATE) AS hire_date,
  $start_year - 1 - CAST(floor(gen_u(i, 0, 4) * 15) AS INTEGER) AS hired_year,
  'active' AS status,
  CAST(NULL AS INTEGER) AS term_year,
  false AS merit, false AS promoted, false AS transferred, false AS rehired, false AS hired
FROM range(1, $employees + 1) t(i);
