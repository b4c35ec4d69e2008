-- Social protection: the schemes an organisation offers or helps its members reach,
-- who may join (rules as data), what each pays (dated rate tables), each enrolment step
-- by step, and the contributions collected and remitted through the books.
CREATE TABLE schemes (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    carrier TEXT NOT NULL,
    contact TEXT NOT NULL DEFAULT '',
    reference TEXT NOT NULL DEFAULT '',
    min_age BIGINT,
    max_age BIGINT,
    income_ceiling BIGINT,
    gender TEXT NOT NULL DEFAULT '',
    min_member_months BIGINT,
    -- Ids of the organisation's schemes she may not be in at the same time, comma-separated.
    excludes TEXT NOT NULL DEFAULT '',
    -- The documents an enrolment needs, one a line.
    documents TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX schemes_org ON schemes(org_id);

-- What a member pays, from a day to a day: a new year's rates never change past dues.
CREATE TABLE scheme_rates (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    scheme_id BIGINT NOT NULL REFERENCES schemes(id),
    method TEXT NOT NULL,
    period TEXT NOT NULL,
    amount BIGINT NOT NULL DEFAULT 0,
    age_table TEXT NOT NULL DEFAULT '',
    bp BIGINT NOT NULL DEFAULT 0,
    floor BIGINT NOT NULL DEFAULT 0,
    ceiling BIGINT NOT NULL DEFAULT 0,
    minimum_wage BIGINT NOT NULL DEFAULT 0,
    -- A co-contribution: this share (basis points) of hers, put in by the state or the
    -- organisation.
    match_bp BIGINT NOT NULL DEFAULT 0,
    match_by TEXT NOT NULL DEFAULT '',
    grace_days BIGINT NOT NULL DEFAULT 0,
    valid_from TEXT NOT NULL,
    valid_to TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX scheme_rates_scheme ON scheme_rates(org_id, scheme_id, valid_from);

-- What the organisation records of a member for her protection: her date of birth and
-- her declared monthly income.
CREATE TABLE protection_profiles (
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    member_id BIGINT NOT NULL REFERENCES memberships(id),
    born_on TEXT,
    monthly_income BIGINT,
    PRIMARY KEY (org_id, member_id)
);

CREATE TABLE enrolments (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    scheme_id BIGINT NOT NULL REFERENCES schemes(id),
    member_id BIGINT NOT NULL REFERENCES memberships(id),
    status TEXT NOT NULL,
    policy_number TEXT NOT NULL DEFAULT '',
    age_at_entry BIGINT,
    applied_on TEXT NOT NULL,
    -- The day her cover began (enrolled); its periods run from that month's first day.
    started_on TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX enrolments_scheme ON enrolments(org_id, scheme_id);
CREATE INDEX enrolments_member ON enrolments(org_id, member_id);

-- Each step of an enrolment, dated and by whom.
CREATE TABLE enrolment_steps (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    enrolment_id BIGINT NOT NULL REFERENCES enrolments(id),
    status TEXT NOT NULL,
    on_day TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX enrolment_steps_enrolment ON enrolment_steps(org_id, enrolment_id);

-- The documents an enrolment's checklist has received.
CREATE TABLE enrolment_documents (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    enrolment_id BIGINT NOT NULL REFERENCES enrolments(id),
    name TEXT NOT NULL,
    received_on TEXT NOT NULL,
    UNIQUE (enrolment_id, name)
);

-- Sent to the scheme in one batch, with its acknowledgement.
CREATE TABLE remittances (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    scheme_id BIGINT NOT NULL REFERENCES schemes(id),
    amount BIGINT NOT NULL,
    remitted_on TEXT NOT NULL,
    till TEXT NOT NULL,
    reference TEXT NOT NULL DEFAULT '',
    acknowledgement TEXT NOT NULL DEFAULT '',
    entry_id BIGINT REFERENCES journal_entries(id),
    created_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL
);

-- A member's contribution for one or more periods, and the share matched by the
-- organisation (posted) or the state (recorded, paid by the state to the scheme).
CREATE TABLE contributions (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    enrolment_id BIGINT NOT NULL REFERENCES enrolments(id),
    scheme_id BIGINT NOT NULL REFERENCES schemes(id),
    periods BIGINT NOT NULL,
    amount BIGINT NOT NULL,
    matched BIGINT NOT NULL DEFAULT 0,
    match_by TEXT NOT NULL DEFAULT '',
    paid_on TEXT NOT NULL,
    till TEXT NOT NULL,
    remittance_id BIGINT REFERENCES remittances(id),
    entry_id BIGINT REFERENCES journal_entries(id),
    created_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX contributions_enrolment ON contributions(org_id, enrolment_id);
CREATE INDEX contributions_scheme ON contributions(org_id, scheme_id, remittance_id);
