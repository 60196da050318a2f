-- The monitoring rows written under a discarded rebuild table's name: no history has them.
DELETE FROM {{table}} WHERE target_table = $target;
