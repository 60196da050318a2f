CREATE TABLE {{table}} (
  employee_id VARCHAR NOT NULL,
  simulation_year INTEGER NOT NULL,
  annual_salary DECIMAL(12, 2),
  job_level VARCHAR,
  department VARCHAR,
  employee_status VARCHAR,
  effective_date DATE,
  hire_date DATE
);
