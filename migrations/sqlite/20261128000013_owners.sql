-- Members as owners: the bylaws' share and proxy limits, the share register, meetings
-- with their agenda, attendance, proxies and notices, and elections of officers.
ALTER TABLE orgs ADD COLUMN max_shares BIGINT NOT NULL DEFAULT 100;
ALTER TABLE orgs ADD COLUMN max_proxies BIGINT NOT NULL DEFAULT 1;
-- As she states it (woman, man, other) or empty: the leadership page counts women leaders.
ALTER TABLE memberships ADD COLUMN gender TEXT NOT NULL DEFAULT '';

-- The legal share register: numbered operations in the order they happened. Rows are
-- never changed or removed (the triggers below refuse it); a mistake is a new operation.
CREATE TABLE share_register (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    seq BIGINT NOT NULL,
    on_date TEXT NOT NULL,
    -- subscription, payment, transfer, redemption
    kind TEXT NOT NULL,
    member_id BIGINT NOT NULL REFERENCES memberships(id),
    -- A transfer's receiving member.
    counterpart_id BIGINT REFERENCES memberships(id),
    shares BIGINT NOT NULL,
    amount BIGINT NOT NULL,
    entry_id BIGINT REFERENCES journal_entries(id),
    note TEXT NOT NULL,
    recorded_by BIGINT REFERENCES people(id),
    approved_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL,
    UNIQUE (org_id, seq)
);
CREATE INDEX share_register_member ON share_register(org_id, member_id);
CREATE TRIGGER share_register_no_update BEFORE UPDATE ON share_register
BEGIN SELECT RAISE(ABORT, 'the share register cannot be edited'); END;
CREATE TRIGGER share_register_no_delete BEFORE DELETE ON share_register
BEGIN SELECT RAISE(ABORT, 'the share register cannot be edited'); END;

CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    -- general, board
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    -- Local date and time, "2026-12-05T10:00".
    starts_at TEXT NOT NULL,
    place TEXT NOT NULL,
    -- planned, open, closed
    status TEXT NOT NULL,
    minutes TEXT NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX meetings_org ON meetings(org_id, starts_at);

CREATE TABLE agenda_items (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    meeting_id BIGINT NOT NULL REFERENCES meetings(id),
    position BIGINT NOT NULL,
    title TEXT NOT NULL,
    -- A document for this item (a link to the paper, the accounts, the plan).
    document TEXT NOT NULL DEFAULT '',
    decision TEXT NOT NULL DEFAULT '',
    proposal_id BIGINT REFERENCES proposals(id),
    decided_by BIGINT REFERENCES people(id),
    UNIQUE (meeting_id, position)
);

-- Messages waiting to be sent (SMS, WhatsApp); delivery comes with a later capability.
CREATE TABLE notices_outbox (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    member_id BIGINT NOT NULL REFERENCES memberships(id),
    channel TEXT NOT NULL,
    subject TEXT NOT NULL,
    subject_id BIGINT NOT NULL,
    body TEXT NOT NULL,
    -- queued, sent, failed
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    sent_at BIGINT
);
CREATE INDEX notices_outbox_queued ON notices_outbox(status, id);

CREATE TABLE attendance (
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    meeting_id BIGINT NOT NULL REFERENCES meetings(id),
    member_id BIGINT NOT NULL REFERENCES memberships(id),
    marked_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (meeting_id, member_id)
);

-- A member who cannot come authorises another for one meeting.
CREATE TABLE proxies (
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    meeting_id BIGINT NOT NULL REFERENCES meetings(id),
    giver_id BIGINT NOT NULL REFERENCES memberships(id),
    holder_id BIGINT NOT NULL REFERENCES memberships(id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (meeting_id, giver_id)
);

CREATE TABLE offices (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    name TEXT NOT NULL,
    seats BIGINT NOT NULL,
    term_months BIGINT NOT NULL,
    -- Consecutive terms one member may serve (0 = no limit).
    max_terms BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (org_id, name)
);

CREATE TABLE elections (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    office_id BIGINT NOT NULL REFERENCES offices(id),
    -- stv, plurality
    method TEXT NOT NULL,
    -- nominating, voting, closed
    status TEXT NOT NULL,
    term_starts TEXT NOT NULL,
    proposal_id BIGINT REFERENCES proposals(id),
    created_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX elections_org ON elections(org_id, status);

CREATE TABLE nominations (
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    election_id BIGINT NOT NULL REFERENCES elections(id),
    member_id BIGINT NOT NULL REFERENCES memberships(id),
    position BIGINT NOT NULL,
    nominated_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (election_id, member_id)
);

-- Who held which office, from when to when.
CREATE TABLE office_terms (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    office_id BIGINT NOT NULL REFERENCES offices(id),
    member_id BIGINT NOT NULL REFERENCES memberships(id),
    election_id BIGINT REFERENCES elections(id),
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX office_terms_org ON office_terms(org_id, office_id, starts_on);
