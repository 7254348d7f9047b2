-- alarm_project_changed (project_id, changed_at DESC, id) serves every lookup by project that
-- alarm_project served; one index fewer to write on each alarm created.
DROP INDEX alarm_project;
