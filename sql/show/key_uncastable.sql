-- show: which of the key's values, given as text and bound as $key_0.., the key columns' types
-- refuse (true), so that a typo names the column and its type instead of finding no key.
SELECT {{key_uncastable}} AS uncastable;
