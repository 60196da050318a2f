-- The year's planwise snapshot: every active employee, and this year's leavers once, as terminated.
-- Every column derives from gen_state and gen_u draws (person draws use year 0, so they hold
-- across years), so the same seed gives the same rows. Rules follow the real model where it has
-- them: new hires are NH_<hire year>_<number>, terminations are dated within their year (after
-- the hire for a new hire), eligibility after a 365-day wait, enrollment at eligibility, auto
-- escalation of 1 point each year after enrollment up to 10%, a 50% match up to 6% of pay, a 2% core.
INSERT INTO {{table}}
WITH people AS (
  SELECT
    emp_num, job_level, status, hire_date,
    CAST(annual_salary AS DOUBLE) AS compensation,
    year(hire_date) = $year AS new_hire,
    CAST(hire_date - to_years(20 + CAST(floor(gen_u(emp_num, 0, 31) * 30) AS INTEGER)) AS DATE)
      - CAST(floor(gen_u(emp_num, 0, 32) * 365) AS INTEGER) AS birth_date,
    CASE WHEN status = 'terminated' THEN CASE
      WHEN year(hire_date) = $year
        THEN hire_date + CAST(floor(gen_u(emp_num, $year, 33) * (date_diff('day', hire_date, make_date($year, 12, 31)) + 1)) AS INTEGER)
      ELSE make_date($year, 1, 1) + CAST(floor(gen_u(emp_num, $year, 33) * 365) AS INTEGER)
    END END AS term_date,
    gen_u(emp_num, 0, 34) < 0.75 AS enrolls,
    gen_u(emp_num, 0, 35) < 0.6 AS auto_enrolled,
    round(0.01 * (3 + floor(gen_u(emp_num, 0, 36) * 6)), 4) AS original_rate,
    CASE WHEN gen_u(emp_num, 0, 37) < 0.1 THEN 24 ELSE 40 END AS hours_per_week,
    hire_date + 365 AS eligibility_date
  FROM gen_state
  WHERE status = 'active' OR (status = 'terminated' AND term_year = $year)
), employed AS (
  SELECT *,
    date_diff('day', greatest(hire_date, make_date($year, 1, 1)), coalesce(term_date, make_date($year, 12, 31))) + 1 AS days_employed,
    $year - year(birth_date) AS age,
    $year - year(hire_date) AS tenure,
    CASE WHEN enrolls AND eligibility_date <= coalesce(term_date, make_date($year, 12, 31)) THEN eligibility_date END AS enrollment_date
  FROM people
), enrolled AS (
  SELECT *,
    CASE WHEN new_hire OR status = 'terminated' THEN round(compensation * days_employed / 365.0, 2) ELSE compensation END AS prorated,
    CASE WHEN enrollment_date IS NULL THEN 0
      ELSE least($year - year(enrollment_date), CAST(round((0.10 - original_rate) * 100) AS INTEGER)) END AS escalations
  FROM employed
), rated AS (
  SELECT *,
    CASE WHEN enrollment_date IS NULL THEN 0.0 ELSE round(original_rate + 0.01 * escalations, 4) END AS deferral_rate
  FROM enrolled
), contributing AS (
  SELECT *,
    round(prorated * deferral_rate, 2) AS contributions,
    round(prorated * least(deferral_rate, 0.06) * 0.5, 2) AS match_amount,
    CASE WHEN eligibility_date <= make_date($year, 12, 31) THEN round(prorated * 0.02, 2) ELSE 0.0 END AS core_amount
  FROM rated
)
SELECT
  CASE WHEN year(hire_date) >= $start_year THEN printf('NH_%d_%06d', year(hire_date), emp_num) ELSE printf('EMP_%06d', emp_num) END,
  printf('SSN-%09d', 100000000 + emp_num),
  CAST(birth_date AS TIMESTAMP),
  CAST(hire_date AS TIMESTAMP),
  compensation,
  prorated,
  compensation,
  CAST(age AS BIGINT),
  CAST(tenure AS INTEGER),
  CAST(job_level AS INTEGER),
  CASE WHEN age < 25 THEN '< 25' WHEN age < 35 THEN '25-34' WHEN age < 45 THEN '35-44' WHEN age < 55 THEN '45-54' WHEN age < 65 THEN '55-64' ELSE '65+' END,
  CASE WHEN tenure < 2 THEN '< 2' WHEN tenure < 5 THEN '2-4' WHEN tenure < 10 THEN '5-9' WHEN tenure < 20 THEN '10-19' ELSE '20+' END,
  status,
  CAST(term_date AS TIMESTAMP),
  CASE WHEN status = 'terminated' THEN CASE WHEN new_hire THEN 'new_hire_hazard_termination' ELSE 'hazard_termination' END END,
  CASE WHEN new_hire THEN CASE WHEN status = 'active' THEN 'new_hire_active' ELSE 'new_hire_termination' END
    ELSE CASE WHEN status = 'active' THEN 'continuous_active' ELSE 'experienced_termination' END END,
  CAST($year AS INTEGER),
  eligibility_date,
  365,
  CASE WHEN eligibility_date <= make_date($year, 12, 31) THEN 'eligible' ELSE 'pending' END,
  CAST(enrollment_date AS TIMESTAMP),
  enrollment_date IS NOT NULL,
  deferral_rate,
  CASE WHEN enrollment_date IS NULL THEN 'not_participating' ELSE 'participating' END,
  CASE
    WHEN enrollment_date IS NOT NULL AND auto_enrolled THEN 'participating - auto enrollment'
    WHEN enrollment_date IS NOT NULL THEN 'participating - voluntary enrollment'
    WHEN auto_enrolled THEN 'not_participating - opted out of AE'
    ELSE 'not_participating - not auto enrolled'
  END,
  CAST(escalations AS INTEGER),
  escalations > 0,
  CASE WHEN enrollment_date IS NULL THEN 0.0 ELSE original_rate END,
  CAST(0.01 * escalations AS DECIMAL(5, 4)),
  contributions,
  round(contributions * 0.85, 2),
  round(contributions * 0.15, 2),
  contributions,
  contributions >= CASE WHEN age >= 50 THEN 31000 ELSE 23500 END,
  deferral_rate,
  CASE WHEN enrollment_date IS NOT NULL THEN prorated END,
  CASE WHEN enrollment_date IS NOT NULL THEN greatest(enrollment_date, make_date($year, 1, 1)) END,
  CASE WHEN enrollment_date IS NOT NULL THEN coalesce(term_date, make_date($year, 12, 31)) END,
  'NORMAL',
  CASE WHEN compensation > 2000000 THEN 'WARNING_OVER_2M' WHEN compensation < 10000 THEN 'WARNING_UNDER_10K' ELSE 'NORMAL' END,
  match_amount,
  core_amount,
  round(match_amount + core_amount, 2),
  CAST(round(hours_per_week * 52 * days_employed / 365.0) AS INTEGER),
  CAST(hours_per_week AS DECIMAL(5, 2)),
  to_timestamp(epoch(make_timestamp($year, 12, 31, 23, 59, 59))),
  CASE WHEN escalations > 0 THEN CAST(make_date(year(enrollment_date) + escalations, 1, 1) AS TIMESTAMP) END
FROM contributing
ORDER BY emp_num;
