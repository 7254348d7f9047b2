-- Keystone compatibility: extra attributes and tags, token methods, implied roles and
-- application credentials. Portable SQL: runs unchanged on H2 and PostgreSQL.
ALTER TABLE identity_project ADD COLUMN tags VARCHAR(8192) NOT NULL DEFAULT '[]';
ALTER TABLE identity_project ADD COLUMN extra VARCHAR(65536) NOT NULL DEFAULT '{}';
ALTER TABLE identity_user ADD COLUMN extra VARCHAR(65536) NOT NULL DEFAULT '{}';

ALTER TABLE identity_token ADD COLUMN methods VARCHAR(255) NOT NULL DEFAULT 'password';
ALTER TABLE identity_token ADD COLUMN application_credential_id VARCHAR(64);

CREATE TABLE identity_implied_role (
    prior_role_id   VARCHAR(64) NOT NULL REFERENCES identity_role (id) ON DELETE CASCADE,
    implied_role_id VARCHAR(64) NOT NULL REFERENCES identity_role (id) ON DELETE CASCADE,
    PRIMARY KEY (prior_role_id, implied_role_id)
);

CREATE TABLE identity_application_credential (
    id           VARCHAR(64)   PRIMARY KEY,
    user_id      VARCHAR(64)   NOT NULL REFERENCES identity_user (id) ON DELETE CASCADE,
    project_id   VARCHAR(64)   NOT NULL REFERENCES identity_project (id) ON DELETE CASCADE,
    name         VARCHAR(255)  NOT NULL,
    description  VARCHAR(1024) NOT NULL,
    secret_hash  VARCHAR(128)  NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE,
    unrestricted BOOLEAN       NOT NULL,
    role_ids     VARCHAR(4096) NOT NULL,
    CONSTRAINT identity_application_credential_name_unique UNIQUE (user_id, name)
);

ALTER TABLE identity_token ADD CONSTRAINT identity_token_application_credential
    FOREIGN KEY (application_credential_id) REFERENCES identity_application_credential (id)
    ON DELETE CASCADE;

-- Clouds created before implied roles were stored had Keystone's defaults built in; keep them.
INSERT INTO identity_implied_role (prior_role_id, implied_role_id)
    SELECT p.id, i.id FROM identity_role p, identity_role i
    WHERE (p.name = 'admin' AND i.name = 'member') OR (p.name = 'member' AND i.name = 'reader');
