-- A full refresh's monitoring rows, written under its rebuild table's name, become the history's.
UPDATE {{table}} SET target_table = $to WHERE target_table = $from AND run_id = $run_id;
