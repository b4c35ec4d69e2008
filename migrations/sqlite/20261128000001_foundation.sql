-- The foundation: organisations, people, memberships, sessions, tokens, idempotency keys.
CREATE TABLE orgs (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    country TEXT NOT NULL,
    currency TEXT NOT NULL,
    languages TEXT NOT NULL,
    share_par_value BIGINT NOT NULL,
    min_shares BIGINT NOT NULL,
    quorum_percent BIGINT NOT NULL,
    reserve_percent BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);

-- An organisation (org_id) belongs to a federation or network (parent_id).
CREATE TABLE affiliations (
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    parent_id BIGINT NOT NULL REFERENCES orgs(id),
    since TEXT NOT NULL,
    PRIMARY KEY (org_id, parent_id)
);
CREATE INDEX affiliations_parent ON affiliations(parent_id);

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    phone TEXT UNIQUE,
    email TEXT UNIQUE,
    password_hash TEXT,
    locale TEXT,
    is_operator BOOLEAN NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);

CREATE TABLE memberships (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    person_id BIGINT NOT NULL REFERENCES people(id),
    member_number TEXT NOT NULL,
    status TEXT NOT NULL,
    roles TEXT NOT NULL,
    trade TEXT NOT NULL DEFAULT '',
    locality TEXT NOT NULL DEFAULT '',
    joined_on TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (org_id, member_number),
    UNIQUE (org_id, person_id)
);
CREATE INDEX memberships_person ON memberships(person_id);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    person_id BIGINT NOT NULL REFERENCES people(id),
    token_hash TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY,
    subject TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX login_failures_subject ON login_failures(subject, at);

CREATE TABLE idempotency_keys (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    status BIGINT,
    location TEXT,
    content_type TEXT,
    body BLOB,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (scope, key)
);
