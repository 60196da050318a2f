-- The token of the mark now on a history recorded before marks existed (src/history/ownership.ts).
UPDATE {{histories}} SET table_token = $token WHERE target_table = $target;
