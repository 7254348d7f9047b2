-- Stamps and affected resources recorded by a node that does not hold the fault in memory (the
-- node that evaluated its alarms or sent its webhooks). Kept apart from stamps and affected, which
-- the holder rewrites with each save, and added to them on every read.
ALTER TABLE fault ADD COLUMN added_stamps TEXT NOT NULL DEFAULT '{}';
ALTER TABLE fault ADD COLUMN added_affected TEXT NOT NULL DEFAULT '{}';
