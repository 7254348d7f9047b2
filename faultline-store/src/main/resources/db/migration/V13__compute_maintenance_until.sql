-- A maintenance window: a disabled compute service whose window ends by itself at this instant
-- (null: until an operator ends it).
ALTER TABLE compute_service ADD COLUMN maintenance_until TIMESTAMP WITH TIME ZONE;
