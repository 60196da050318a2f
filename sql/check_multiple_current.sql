SELECT count(*) AS violations, list(k ORDER BY k)[1:{{limit}}] AS sample
FROM (
  SELECT CAST({{key}} AS VARCHAR) AS k FROM {{target}}
  WHERE is_current_record
  GROUP BY {{key}}
  HAVING count(*) > 1
);
