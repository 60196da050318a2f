INSERT INTO {{periods}} VALUES ($target, $period, CAST($effective_date AS DATE), CAST($applied_at AS TIMESTAMP), $rows_read, $new_versions, $changed_versions, $removed_versions);
