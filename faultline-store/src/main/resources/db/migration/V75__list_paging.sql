-- Keyset paging of the large lists: each page is an index range scan from the marker on.
-- Servers are listed newest first, as Nova lists them; a project's list has its own index.
CREATE INDEX compute_instance_created ON compute_instance (created_at DESC, id);
CREATE INDEX compute_instance_project_created ON compute_instance (project_id, created_at DESC, id);
-- Alarms are listed last changed first, as Aodh lists them.
CREATE INDEX alarm_changed ON alarm (changed_at DESC, id);
CREATE INDEX alarm_project_changed ON alarm (project_id, changed_at DESC, id);
