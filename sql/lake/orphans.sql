-- Files under the data path that no snapshot holds: what a killed writer wrote and never committed
-- (and, with several writers, what one of them is writing now). Only listed: the caller removes
-- those of its own history's tables (src/lake/orphans.ts).
SELECT path FROM ducklake_delete_orphaned_files({{lake}}, dry_run => true, cleanup_all => true)
