-- Retention purges the oldest rows by timestamp, in batches; listings filter faults by host and
-- the console lists a fault's deliveries. Each of these reads an index instead of the table.
CREATE INDEX alarm_history_changed ON alarm_history (changed_at);
CREATE INDEX alarm_delivery_created ON alarm_delivery (created_at);
CREATE INDEX alarm_delivery_fault ON alarm_delivery (fault_id, created_at);
CREATE INDEX fault_host_received ON fault (hostname, received_at);
