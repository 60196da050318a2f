SELECT count(*) AS violations, list(k ORDER BY k)[1:{{limit}}] AS sample
FROM (
  SELECT {{key_display}} AS k FROM {{target}}
  WHERE {{current}}
  GROUP BY {{key}}
  HAVING count(*) > 1
);
