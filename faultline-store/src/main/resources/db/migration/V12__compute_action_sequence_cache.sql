-- A host-down report writes one action row per instance. H2 (in PostgreSQL mode) allocates an
-- uncached identity value per row, which made those inserts several times slower than the UPDATE
-- of the same rows; a cache of 1000 removes that. Values then are not in commit order across
-- connections, so actions are listed by start_time first.
ALTER TABLE compute_instance_action ALTER COLUMN seq SET CACHE 1000;
