-- Claims followed to payment, dependants on a cover, schemes a federation publishes for
-- its members to adopt, and the organisation's own solidarity fund.

-- The days a scheme promises to pay a claim in, from her last document; a federation's
-- scheme offered to its member organisations; the federation's scheme this one adopts.
ALTER TABLE schemes ADD COLUMN turnaround_days BIGINT;
ALTER TABLE schemes ADD COLUMN published BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE schemes ADD COLUMN adopted_from BIGINT;

-- Her standing instruction: each contribution taken from her savings on its due day, as
-- set by this person; none when she pays by hand.
ALTER TABLE enrolments ADD COLUMN instructed_by BIGINT REFERENCES people(id);

-- The people her cover also covers.
CREATE TABLE dependants (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    enrolment_id BIGINT NOT NULL REFERENCES enrolments(id),
    name TEXT NOT NULL,
    relation TEXT NOT NULL,
    born_on TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX dependants_enrolment ON dependants(org_id, enrolment_id);

CREATE TABLE claims (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    enrolment_id BIGINT NOT NULL REFERENCES enrolments(id),
    scheme_id BIGINT NOT NULL REFERENCES schemes(id),
    -- reported, documents_requested, submitted, approved, rejected, received, paid
    status TEXT NOT NULL,
    what TEXT NOT NULL,
    happened_on TEXT NOT NULL,
    reported_on TEXT NOT NULL,
    asked BIGINT NOT NULL DEFAULT 0,
    approved BIGINT,
    reason TEXT NOT NULL DEFAULT '',
    -- direct (the scheme pays her) or organisation (through the organisation's till)
    route TEXT NOT NULL DEFAULT '',
    -- The day her last document came in (or she reported, when none was asked for).
    complete_on TEXT,
    paid_on TEXT,
    till TEXT NOT NULL DEFAULT '',
    entry_id BIGINT REFERENCES journal_entries(id),
    created_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX claims_scheme ON claims(org_id, scheme_id);
CREATE INDEX claims_enrolment ON claims(org_id, enrolment_id);

-- Each state change of a claim, dated and by whom.
CREATE TABLE claim_steps (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    claim_id BIGINT NOT NULL REFERENCES claims(id),
    status TEXT NOT NULL,
    on_day TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX claim_steps_claim ON claim_steps(org_id, claim_id);

-- The documents a claim was asked for, all at once, and when each came in.
CREATE TABLE claim_documents (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    claim_id BIGINT NOT NULL REFERENCES claims(id),
    name TEXT NOT NULL,
    received_on TEXT,
    UNIQUE (claim_id, name)
);

-- The solidarity fund's rule: so much from each member a month or a meeting.
CREATE TABLE solidarity_rules (
    org_id BIGINT PRIMARY KEY REFERENCES orgs(id),
    amount BIGINT NOT NULL,
    per TEXT NOT NULL
);

-- Money into and out of the solidarity fund: contributions, grants and interest-free
-- loans (each decided by a recorded resolution), and loans repaid.
CREATE TABLE solidarity_moves (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    -- contribution, grant, loan, repayment
    kind TEXT NOT NULL,
    member_id BIGINT NOT NULL REFERENCES memberships(id),
    amount BIGINT NOT NULL,
    periods BIGINT NOT NULL DEFAULT 1,
    on_day TEXT NOT NULL,
    till TEXT NOT NULL,
    agenda_item_id BIGINT REFERENCES agenda_items(id),
    proposal_id BIGINT REFERENCES proposals(id),
    -- A contribution collected at a meeting, from a member present: once per meeting.
    meeting_id BIGINT REFERENCES meetings(id),
    purpose TEXT NOT NULL DEFAULT '',
    entry_id BIGINT REFERENCES journal_entries(id),
    created_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX solidarity_moves_org ON solidarity_moves(org_id, member_id);
CREATE UNIQUE INDEX solidarity_moves_meeting ON solidarity_moves(meeting_id, member_id) WHERE meeting_id IS NOT NULL;
