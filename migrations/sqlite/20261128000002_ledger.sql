-- The books: a chart of accounts per organisation, journal entries and their postings.
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    code TEXT NOT NULL,
    kind TEXT NOT NULL,
    parent_id BIGINT REFERENCES accounts(id),
    -- Standard accounts are named by a message id, so every language has their name.
    name_key TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL DEFAULT '',
    -- A member's sub-account (savings, shares, loan, receivable, payable).
    member_id BIGINT REFERENCES memberships(id),
    created_at BIGINT NOT NULL,
    UNIQUE (org_id, code)
);
CREATE INDEX accounts_member ON accounts(org_id, member_id);

CREATE TABLE journal_entries (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    seq BIGINT NOT NULL,
    entry_date TEXT NOT NULL,
    description TEXT NOT NULL,
    currency TEXT NOT NULL,
    source TEXT NOT NULL,
    source_id BIGINT,
    reverses_id BIGINT REFERENCES journal_entries(id),
    created_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    UNIQUE (org_id, seq)
);
CREATE INDEX journal_entries_date ON journal_entries(org_id, entry_date);

CREATE TABLE postings (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    entry_id BIGINT NOT NULL REFERENCES journal_entries(id),
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    -- Minor units: debit positive, credit negative.
    amount BIGINT NOT NULL
);
CREATE INDEX postings_entry ON postings(entry_id);
CREATE INDEX postings_account ON postings(org_id, account_id);

-- Books closed through a date refuse entries dated on or before it.
CREATE TABLE ledger_periods (
    org_id BIGINT PRIMARY KEY REFERENCES orgs(id),
    closed_through TEXT NOT NULL
);
