-- Trust. A person belongs to herself: an organisation keeps its own record of her
-- (the name and contact it knows), and reaches her login only through an invitation she
-- accepts. Session ids are kept only as hashes. Idempotency keys belong to one person
-- and route and carry a fingerprint of the request. Login throttling counts attempts
-- before checking them. Secret ballots keep no insertion order.

ALTER TABLE memberships ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE memberships ADD COLUMN phone TEXT;
ALTER TABLE memberships ADD COLUMN email TEXT;
UPDATE memberships SET name = (SELECT p.name FROM people p WHERE p.id = memberships.person_id),
    phone = (SELECT p.phone FROM people p WHERE p.id = memberships.person_id),
    email = (SELECT p.email FROM people p WHERE p.id = memberships.person_id);

-- An organisation's wish that the person with this login become its member; she sees
-- it when she logs in and accepts or declines. Until then the membership belongs to a
-- placeholder person with no login.
CREATE TABLE invitations (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    membership_id BIGINT NOT NULL REFERENCES memberships(id),
    login TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (org_id, membership_id, login)
);
CREATE INDEX invitations_login ON invitations(login);

-- Sessions: the id's SHA-256 only, and whose session it is.
DROP TABLE sessions;
CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    person_id BIGINT,
    data TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_person ON sessions(person_id);

ALTER TABLE api_tokens ADD COLUMN last_used_at BIGINT;

DROP TABLE idempotency_keys;
CREATE TABLE idempotency_keys (
    -- "person:<id>" or, for a visitor, the hash of her form cookie
    scope TEXT NOT NULL,
    -- method and route pattern with the organisation, e.g. "POST /o/dura/books/cashbook"
    route TEXT NOT NULL,
    key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status BIGINT,
    location TEXT,
    content_type TEXT,
    body BLOB,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (scope, route, key)
);
CREATE INDEX idempotency_keys_age ON idempotency_keys(created_at);

-- Failed logins: one counter per subject and window, raised before the password is checked.
DROP TABLE login_failures;
CREATE TABLE login_attempts (
    subject TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    attempts BIGINT NOT NULL
);

-- Browsers she has logged in from: their attempts are counted apart from strangers'.
CREATE TABLE known_devices (
    person_id BIGINT NOT NULL REFERENCES people(id),
    device_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (person_id, device_hash)
);

-- Secret ballots without a rowid: a copy of the file keeps them in key order, not in the
-- order they were cast.
CREATE TABLE secret_ballots_new (
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    proposal_id BIGINT NOT NULL REFERENCES proposals(id),
    choice TEXT NOT NULL,
    ballots BIGINT NOT NULL,
    PRIMARY KEY (proposal_id, choice)
) WITHOUT ROWID;
INSERT INTO secret_ballots_new SELECT org_id, proposal_id, choice, ballots FROM secret_ballots ORDER BY proposal_id, choice;
DROP TABLE secret_ballots;
ALTER TABLE secret_ballots_new RENAME TO secret_ballots;

-- Where an organisation lets its federation see its members' names.
ALTER TABLE orgs ADD COLUMN shares_names_with_federation BOOLEAN NOT NULL DEFAULT FALSE;
