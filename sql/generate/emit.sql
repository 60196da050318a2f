-- The year's snapshot: every active employee, and this year's leavers once, as terminated.
INSERT INTO {{table}}
SELECT
  gen_emp_id(emp_num),
  $year,
  annual_salary,
  'L' || job_level,
  department,
  status,
  make_date($year, 12, 31),
  hire_date
FROM gen_state
WHERE status = 'active' OR (status = 'terminated' AND term_year = $year)
ORDER BY emp_num;
