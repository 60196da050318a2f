-- Deterministic randomness: a uniform draw in [0, 1) from (seed, employee, year, purpose).
CREATE OR REPLACE TEMP MACRO gen_u(n, y, salt) AS
  CAST(hash(getvariable('gen_seed'), n, y, salt) % 1000000 AS DOUBLE) / 1000000.0;
CREATE OR REPLACE TEMP MACRO gen_dept(n, y, salt) AS
  ['Engineering', 'Finance', 'HR', 'Legal', 'Marketing', 'Operations', 'Sales', 'Support'][1 + CAST(floor(gen_u(n, y, salt) * 8) AS INTEGER)];
CREATE OR REPLACE TEMP MACRO gen_base_salary(level) AS
  [52000, 68000, 88000, 118000, 165000][level];
CREATE OR REPLACE TEMP MACRO gen_emp_id(n) AS printf('E%09d', n);
