-- An instance's latest fault lives on its row: the host-down report sets it in the same UPDATE
-- that stops the instances, instead of writing one more row per instance (Nova shows only the
-- latest fault anyway).
ALTER TABLE compute_instance ADD COLUMN fault_code INTEGER;
ALTER TABLE compute_instance ADD COLUMN fault_message VARCHAR(255);
ALTER TABLE compute_instance ADD COLUMN fault_details VARCHAR(4000);
ALTER TABLE compute_instance ADD COLUMN fault_at TIMESTAMP WITH TIME ZONE;
DROP TABLE compute_instance_fault;
