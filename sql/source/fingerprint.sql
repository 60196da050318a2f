-- A period's fingerprint, as the ledger records it when the period is applied: an order-free sum
-- of each row's key and tracked columns hashed. Hashing every row of the source took 0.4-0.5 s of
-- a 0.5 s scan at 1M x 10, so it is left out where no period is compared with it.
CAST({{row_fingerprint}} AS VARCHAR)
