-- The imaging scenario's bad migration (scripts/demo.sh scenario imaging): meant to move scans.status
-- into an enum column. Its backfill compares with `= NULL`, which is never true, so no row gets a state;
-- the "clean-up" then deletes every row and the old column goes. It commits without an error.
BEGIN;
CREATE TYPE scan_status AS ENUM ('queued', 'analyzed', 'failed');
ALTER TABLE scans ADD COLUMN state scan_status;
UPDATE scans SET state = status::scan_status WHERE status = NULL;
DELETE FROM scans WHERE state IS NULL;
ALTER TABLE scans DROP COLUMN status;
COMMIT;
