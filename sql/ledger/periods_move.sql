-- A rebuilt history's periods become the history's, once its table took the history's name.
UPDATE {{periods}} SET target_table = $to WHERE target_table = $from;
