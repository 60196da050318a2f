SELECT
  CAST(count(*) FILTER (WHERE status = 'active') AS BIGINT) AS active,
  CAST(count(*) FILTER (WHERE status = 'terminated' AND term_year = $year) AS BIGINT) AS terminations,
  CAST(count(*) FILTER (WHERE merit) AS BIGINT) AS raises,
  CAST(count(*) FILTER (WHERE promoted) AS BIGINT) AS promotions,
  CAST(count(*) FILTER (WHERE transferred) AS BIGINT) AS transfers,
  CAST(count(*) FILTER (WHERE rehired) AS BIGINT) AS rehires,
  CAST(count(*) FILTER (WHERE hired) AS BIGINT) AS hires,
  CAST(coalesce(max(emp_num), 0) AS BIGINT) AS max_emp_num
FROM gen_state;
