-- With new_record: a key that returns (NEW against the live versions) closes its tombstone.
MERGE INTO {{target}} AS t
USING (SELECT {{exchange_key}} FROM {{changes}} WHERE action = 'N') AS c
ON {{target_matches_change}} AND {{t_current}} AND {{t_deleted}}
WHEN MATCHED THEN UPDATE SET {{valid_to}} = CAST($effective_date AS {{validity_type}}) {{closes_current}};
