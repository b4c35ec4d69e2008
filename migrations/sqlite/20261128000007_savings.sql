-- Savings bylaws, withdrawal notices, interest runs; loan rescheduling history.
ALTER TABLE orgs ADD COLUMN savings_min_balance BIGINT NOT NULL DEFAULT 0;
ALTER TABLE orgs ADD COLUMN savings_notice_days BIGINT NOT NULL DEFAULT 0;
ALTER TABLE orgs ADD COLUMN savings_interest_bp BIGINT NOT NULL DEFAULT 0;

-- A member's notice that she will withdraw savings; a withdrawal uses it up.
CREATE TABLE savings_notices (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    member_id BIGINT NOT NULL REFERENCES memberships(id),
    amount BIGINT NOT NULL,
    given_on TEXT NOT NULL,
    -- open, used
    status TEXT NOT NULL,
    entry_id BIGINT REFERENCES journal_entries(id),
    created_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX savings_notices_member ON savings_notices(org_id, member_id);

-- Interest credited to every saver for a period; periods never overlap.
CREATE TABLE savings_interest_runs (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    period_from TEXT NOT NULL,
    period_through TEXT NOT NULL,
    rate_bp BIGINT NOT NULL,
    total BIGINT NOT NULL,
    entry_id BIGINT REFERENCES journal_entries(id),
    created_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX savings_interest_runs_org ON savings_interest_runs(org_id, period_through);

-- Each rescheduling of a loan: what was outstanding and the new terms, who approved.
CREATE TABLE loan_reschedules (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    loan_id BIGINT NOT NULL REFERENCES loans(id),
    on_date TEXT NOT NULL,
    outstanding BIGINT NOT NULL,
    carried_interest BIGINT NOT NULL,
    instalments BIGINT NOT NULL,
    first_due TEXT NOT NULL,
    reason TEXT NOT NULL,
    approved_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX loan_reschedules_loan ON loan_reschedules(org_id, loan_id);
