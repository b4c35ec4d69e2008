-- Year-end surplus sharing: a proposal computed from the books, approved by a leader.
CREATE TABLE surplus_distributions (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    period_from TEXT NOT NULL,
    period_through TEXT NOT NULL,
    reserve_bp BIGINT NOT NULL,
    education_bp BIGINT NOT NULL,
    share_interest_bp BIGINT NOT NULL,
    -- purchases, deliveries, dealings (both) or equal
    measure TEXT NOT NULL,
    -- savings, shares or payable
    destination TEXT NOT NULL,
    -- proposed, posted
    status TEXT NOT NULL,
    proposed_by BIGINT REFERENCES people(id),
    approved_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL
);
