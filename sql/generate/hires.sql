-- The year's hires; a profile's share of them leaves within its hire year (new_hire_termination).
INSERT INTO gen_state
SELECT
  i AS emp_num,
  CAST(1 + floor(pow(gen_u(i, $year, 21), 3) * 3) AS INTEGER) AS job_level,
  gen_dept(i, $year, 22) AS department,
  CAST(round(gen_base_salary(CAST(1 + floor(pow(gen_u(i, $year, 21), 3) * 3) AS INTEGER)) * (0.85 + 0.3 * gen_u(i, $year, 23)), 2) AS DECIMAL(12, 2)) AS annual_salary,
  CAST(make_date($year, 1, 1) + CAST(floor(gen_u(i, $year, 24) * 364) AS INTEGER) AS DATE) AS hire_date,
  $year AS hired_year,
  CASE WHEN gen_u(i, $year, 25) < $new_hire_termination_rate THEN 'terminated' ELSE 'active' END AS status,
  CASE WHEN gen_u(i, $year, 25) < $new_hire_termination_rate THEN $year END AS term_year,
  false, false, false, false, true
FROM range($first_id, $first_id + $hires) t(i);
