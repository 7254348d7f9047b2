-- Keystone's lists of users, projects and role assignments are read a page at a time, by keyset in
-- list order: users and projects by name then id (across domains, which the unique (domain_id,
-- name) constraints do not serve), assignments by project, user, then role (the primary key leads
-- with the user).
CREATE INDEX identity_user_list ON identity_user (name, id);
CREATE INDEX identity_project_list ON identity_project (name, id);
CREATE INDEX identity_assignment_list ON identity_assignment (project_id, user_id, role_id);
