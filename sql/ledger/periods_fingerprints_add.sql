-- A ledger written before whole-history fingerprints gets their columns, in the transaction of the
-- first write after; its rows hold none (NULL) until a run has checked the history whole.
ALTER TABLE {{periods}} ADD COLUMN IF NOT EXISTS versions_fingerprint VARCHAR;
ALTER TABLE {{periods}} ADD COLUMN IF NOT EXISTS current_fingerprint VARCHAR;
ALTER TABLE {{periods}} ADD COLUMN IF NOT EXISTS ledger_fingerprint VARCHAR;
